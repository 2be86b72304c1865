"""Import files stay in memory while they are checked: no plaintext temporary file on disk.

The same approach as meldingen/uploads.py, with this app's 10 MB limit: Django would otherwise spool an upload
above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file before the encrypting storage sees it. A larger body is
not buffered at all; the view then answers with the size message.
"""

from functools import wraps

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from uitwisseling.forms import MAX_UPLOAD_BYTES

MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 256 * 1024


class InMemoryUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= MAX_BODY_BYTES


def body_too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def memory_only_uploads(view):
    """Install the memory-only handler before anything reads request.POST (CSRF included), then check CSRF."""
    protected = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        request.upload_handlers = [InMemoryUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapper
