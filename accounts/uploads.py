"""Uploads never touch the disk in plaintext.

Django spools uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which would put a confidential
file on disk before the encrypting storage sees it. Every upload is therefore held in memory only: the
project-wide handler (settings.FILE_UPLOAD_HANDLERS) caps the body at DEFAULT_MAX_BODY_BYTES, and upload views
set their own, smaller limit with `memory_only_uploads(max_bytes)`. A larger body is not buffered at all;
the view sees `body_too_large(request)` and answers with its size message.
"""

from functools import wraps

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the multipart envelope and the other form fields around the file itself.
ENVELOPE_BYTES = 256 * 1024
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024 + ENVELOPE_BYTES


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps the whole upload in memory, or ignores it when the body exceeds the limit."""

    max_body_bytes = DEFAULT_MAX_BODY_BYTES

    def __init__(self, request=None, max_body_bytes: int | None = None):
        super().__init__(request)
        if max_body_bytes is not None:
            self.max_body_bytes = max_body_bytes

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= self.max_body_bytes


def body_too_large(request) -> bool:
    limit = getattr(request, "max_upload_body_bytes", DEFAULT_MAX_BODY_BYTES)
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True


def memory_only_uploads(max_file_bytes: int):
    """Decorator for an upload view: memory-only handling with this view's file-size limit.

    The handler is installed before anything reads request.POST (CSRF included); CSRF is checked after.
    """
    max_body = max_file_bytes + ENVELOPE_BYTES

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request, *args, **kwargs):
            request.max_upload_body_bytes = max_body
            request.upload_handlers = [InMemoryUploadHandler(request, max_body_bytes=max_body)]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
