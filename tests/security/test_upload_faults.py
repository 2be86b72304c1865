"""Uploads that cannot be taken (too large, a file name too long to parse) get a Dutch form error and write nothing.

Every upload view is covered: a melding's attachment, an investigation's report and the register import. The
bodies are real multipart bodies, the way a browser sends them (the CSRF token first, then the file), posted with
CSRF checks on.
"""

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.audit import AuditEntry
from accounts.uploads import ENVELOPE_BYTES
from meldingen import services
from meldingen.models import Bijlage
from tests.conftest import login
from tests.meldingen.factories import MeldingFactory, onderzoek
from uitwisseling.forms import MAX_UPLOAD_BYTES
from uitwisseling.models import ImportBestand

MB = 1024 * 1024
BIJLAGE_MAX = 20 * MB
UPLOAD_ACTIES = {"bijlage_toegevoegd", "import_gecontroleerd", "import_uitgevoerd"}


@dataclass
class UploadPage:
    url: str
    user: object
    max_bytes: int
    te_groot: str
    extension: str


@pytest.fixture(params=["bijlage", "rapport", "import"])
def page(request, cast):
    if request.param == "import":
        return UploadPage(reverse("uitwisseling:importeren"), cast.coordinator, MAX_UPLOAD_BYTES,
                          "Het bestand is groter dan 10 MB", "csv")
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    if request.param == "bijlage":
        return UploadPage(reverse("meldingen:bijlage_nieuw", args=[melding.pk]), cast.coordinator, BIJLAGE_MAX,
                          "Het bestand is groter dan 20 MB", "txt")
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    return UploadPage(reverse("meldingen:onderzoek_rapport", args=[o.pk]), cast.onderzoeker, BIJLAGE_MAX,
                      "Het bestand is groter dan 20 MB", "txt")


def _form_url(page: UploadPage) -> str:
    # The import form lives on the index page; the attachment and report forms post to their own URL.
    return reverse("uitwisseling:index") if page.url == reverse("uitwisseling:importeren") else page.url


def _browser(page: UploadPage) -> tuple[Client, str]:
    """A logged-in client that enforces CSRF, and the token from the upload form, as a browser would have it."""
    client = login(Client(enforce_csrf_checks=True), page.user)
    html = client.get(_form_url(page)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "the upload form carries a CSRF token"
    return client, token.group(1)


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body built by hand: the fields, then the file, as browsers order them."""
    boundary = f"----VertrouwdTest{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="{filename}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_upload(page: UploadPage, filename: str, data: bytes, *, with_token: bool = True):
    client, token = _browser(page)
    body, content_type = multipart({"csrfmiddlewaretoken": token} if with_token else {}, filename, data)
    return client.post(page.url, data=body, content_type=content_type)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_nothing_written(before_audit: int) -> None:
    assert not Bijlage.objects.exists()
    assert not ImportBestand.objects.exists()
    assert _media_files() == []
    nieuw = set(AuditEntry.objects.filter(pk__gt=before_audit).values_list("actie", flat=True))
    assert not nieuw & UPLOAD_ACTIES, nieuw


def assert_usable_form(response, message: str) -> None:
    html = response.content.decode()
    assert message in html
    if response.status_code != 200:  # refused before the form saw a file: the message sits on the file field
        assert 'id="id_bestand_error"' in html, "the message is tied to the file field (aria-describedby)"
    assert 'type="file"' in html and 'name="bestand"' in html, "the form is shown again, ready for another file"
    assert 'name="csrfmiddlewaretoken"' in html


def _last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("size", [
    pytest.param("just_over", id="just-over-the-limit"),
    pytest.param("over_body", id="over-the-memory-handler-body-limit"),
    pytest.param("over_data_upload_max", id="over-DATA_UPLOAD_MAX_MEMORY_SIZE"),
])
def test_an_upload_over_the_size_limit_gets_the_dutch_message_and_writes_nothing(cast, page, size):
    nbytes = {
        "just_over": page.max_bytes + 1,  # still buffered: the form or service refuses it
        "over_body": page.max_bytes + ENVELOPE_BYTES + 1,  # not buffered at all
        "over_data_upload_max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MB,
    }[size]
    before = _last_audit()
    response = post_upload(page, f"groot.{page.extension}", b"a" * nbytes)
    assert response.status_code == (200 if size == "just_over" else 413)
    assert_usable_form(response, page.te_groot)
    assert_nothing_written(before)


def test_a_too_large_upload_without_a_csrf_token_is_still_refused_by_csrf(cast, page):
    response = post_upload(page, f"groot.{page.extension}", b"a" * (page.max_bytes + ENVELOPE_BYTES + 1),
                           with_token=False)
    assert response.status_code == 403


LANGE_NAAM = "verslag-" + "x" * 2000


def test_a_very_long_file_name_gets_a_dutch_form_error_instead_of_bad_request(cast, page):
    before = _last_audit()
    response = post_upload(page, f"{LANGE_NAAM}.{page.extension}", b"kenmerk,datum\n")
    assert response.status_code == 400
    assert_usable_form(response, "De bestandsnaam is te lang")
    assert "Bad Request" not in response.content.decode()
    assert_nothing_written(before)


def test_a_very_long_file_name_from_the_test_client_gets_the_same_form_error(cast, page):
    """The test client's own encoding (a file object whose name is that long) reaches the same rule."""
    import io

    upload = io.BytesIO(b"kenmerk,datum\n")
    upload.name = f"{LANGE_NAAM}.{page.extension}"
    response = login(Client(), page.user).post(page.url, {"bestand": upload})
    assert response.status_code == 400
    assert_usable_form(response, "De bestandsnaam is te lang")


def test_a_body_django_cannot_parse_for_another_reason_gets_the_general_message(cast, page):
    client, _token = _browser(page)
    before = _last_audit()
    response = client.post(page.url, data=b"--x\r\n", content_type="multipart/form-data")  # no boundary
    assert response.status_code == 400
    assert_usable_form(response, "Het bestand kon niet worden gelezen")
    assert_nothing_written(before)


def test_a_forged_post_with_an_unreadable_body_writes_nothing(cast, page):
    """Without a readable body there is no CSRF token to check; the view then only shows its form again."""
    before = _last_audit()
    response = post_upload(page, f"{LANGE_NAAM}.{page.extension}", b"inhoud", with_token=False)
    assert response.status_code == 400
    assert_nothing_written(before)


def test_a_normal_upload_still_works_with_csrf_checks_on(cast, page):
    from tests.uitwisseling.conftest import maak_csv, melding

    data = maak_csv([melding()]) if page.extension == "csv" else b"Gewone tekst\n"
    response = post_upload(page, f"gewoon.{page.extension}", data)
    assert response.status_code == 302
    assert (ImportBestand if page.extension == "csv" else Bijlage).objects.count() == 1
