"""Uploads of confidential files never touch the disk in plaintext.

Django spools uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which would put the plaintext on
disk before our encrypting storage sees it. Upload views therefore use a memory-only handler, bounded by the
attachment limit; a larger body is not buffered at all and the view answers with the size message.
"""

from functools import wraps

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from meldingen.services.bijlagen import BIJLAGE_MAX_BYTES

# Room for the multipart envelope and the other form fields around the file itself.
MAX_BODY_BYTES = BIJLAGE_MAX_BYTES + 256 * 1024


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
