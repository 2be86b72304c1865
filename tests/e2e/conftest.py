"""Helpers for the browser journeys: a second, independent browser (another person at another desk)."""

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser import totp_code
from tests.conftest import PASSWORD

# The shared machines are busy: assertions that wait get the same patience as actions (tests/browser.py).
expect.set_options(timeout=15_000)


@pytest.fixture
def other_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def minimal_pdf(text: str = "Onderzoeksrapport") -> bytes:
    """A small but well-formed one-page PDF (the app checks the magic bytes, a viewer can open it)."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def login(page, user):
    """browser_login for a user in any language: the login page is Dutch (nobody is known yet); from the second
    step on, the page speaks the user's own language."""
    TOTPDevice.objects.get_or_create(user=user, name="e2e", defaults={"confirmed": True})
    with translation.override(user.taal):
        code, controleren = translation.gettext("Code"), translation.gettext("Controleren")
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name=code).fill(totp_code(user))
    page.get_by_role("button", name=controleren).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == user.taal
