"""Uploads never touch the disk in plaintext, and an upload that cannot be taken gets a form error, not a crash.

Django spools uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which would put a confidential
file on disk before the encrypting storage sees it. Every upload is therefore held in memory only: the
project-wide handler (settings.FILE_UPLOAD_HANDLERS) caps the body at DEFAULT_MAX_BODY_BYTES, and upload views
set their own, smaller limit with `memory_only_uploads(max_bytes, te_groot=...)`. A larger body is not buffered.

Upload views build their form with `upload_form()`. For an upload that was not taken (a body over the limit, or
one Django cannot parse: a file name so long that its part's headers pass Django's 1 KB limit, which Django
itself answers with an English "Bad Request (400)") it returns an unbound form that shows the reason on the file
field, so `is_valid()` is False and the view writes nothing; `upload_status()` is the status of that page.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the multipart envelope and the other form fields around the file itself.
ENVELOPE_BYTES = 256 * 1024
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024 + ENVELOPE_BYTES
NAAM_TE_LANG = _("De bestandsnaam is te lang. Geef het bestand een kortere naam en probeer het opnieuw.")
ONLEESBAAR = _("Het bestand kon niet worden gelezen. Probeer het opnieuw of kies een ander bestand.")
# Django's message when one part's headers pass its MAX_TOTAL_HEADER_SIZE: the only header text a browser puts
# there from the user is the file name.
_HEADERS_TE_GROOT = "Request max total header size exceeded."


@dataclass(frozen=True)
class Weigering:
    """Why an upload was not taken: the message for the file field, and the status of the page that shows it."""

    reden: str
    status: int


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


def upload_weigering(request) -> Weigering | None:
    return getattr(request, "upload_weigering", None)


def upload_status(request) -> int:
    weigering = upload_weigering(request)
    return weigering.status if weigering else 200


def upload_form(form_class, request, *, field: str = "bestand", **kwargs):
    """The view's form: bound to the upload; unbound on GET; for a refused upload unbound and showing why."""
    if request.method != "POST":
        return form_class(**kwargs)
    weigering = upload_weigering(request)
    if weigering is None:
        return form_class(request.POST, request.FILES, **kwargs)
    form = form_class(**kwargs)
    form.full_clean()  # on an unbound form this validates nothing; it only creates the (empty) error dict
    form.errors[field] = form.error_class([weigering.reden], renderer=form.renderer, field_id=form[field].auto_id)
    return form


def memory_only_uploads(max_file_bytes: int, *, te_groot):
    """Decorator for an upload view: memory-only handling with this view's file-size limit and its size message.

    The handler is installed, and the body parsed, before anything else reads request.POST; CSRF is checked after.
    """
    max_body = max_file_bytes + ENVELOPE_BYTES

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request, *args, **kwargs):
            request.max_upload_body_bytes = max_body
            request.upload_handlers = [InMemoryUploadHandler(request, max_body_bytes=max_body)]
            request.upload_weigering = None
            if request.method == "POST":
                if body_too_large(request):
                    request.upload_weigering = Weigering(te_groot, 413)
                try:
                    request.POST  # noqa: B018 - parse here, so a body Django cannot parse is answered in Dutch
                except MultiPartParserError as exc:
                    request.upload_weigering = Weigering(
                        NAAM_TE_LANG if str(exc) == _HEADERS_TE_GROOT else ONLEESBAAR, 400)
                    # An unparsed body has no CSRF token to check, and needs none: POST and FILES are empty and
                    # upload_form() gives the view an unbound form, so the view can only show its form again,
                    # as on a GET.
                    return view(request, *args, **kwargs)
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
