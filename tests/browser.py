"""Browser-test fixtures (a pytest plugin loaded by tests/conftest.py, so every app's tests can use them).

Playwright drives Debian's Chromium against pytest-django's live server. Chromium cannot be downloaded by
Playwright here; .ci/run installs Debian's `chromium` package when missing. One browser per test session:
only one sync Playwright can live in a thread.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError

from accounts.twofactor import code_die_geaccepteerd_wordt
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The live server runs in a thread while Playwright's sync API runs its own event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run should have installed it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    yield page
    context.close()


def totp_code(user) -> str:
    """What the phone shows; a second login within the same 30 s gets the next step's code (a code counts once)."""
    return code_die_geaccepteerd_wordt(TOTPDevice.objects.filter(user=user, confirmed=True).first())


def browser_login(page, user, password: str = PASSWORD):
    """The real login: e-mail + password, then the TOTP code (enrolling a device first if needed)."""
    TOTPDevice.objects.get_or_create(user=user, name="e2e", defaults={"confirmed": True})
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name="Code").fill(totp_code(user))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()


_axe = Axe()


def assert_accessible(page, label: str = ""):
    """No moderate, serious or critical axe-core violations on the current page (only "minor" is tolerated).

    Wait for the page the test is on first; a navigation still under way when axe starts (a click just before)
    destroys axe's document, and then axe runs once more on the page that arrived.
    """
    page.wait_for_load_state()
    try:
        results = _axe.run(page)
    except PlaywrightError:
        page.wait_for_load_state()
        results = _axe.run(page)
    # Moderate findings too: for a government body WCAG 2.1 AA is the law (Besluit digitale toegankelijkheid
    # overheid), and axe's "moderate" holds AA failures such as content outside landmarks and skipped headings.
    serious = [v for v in results.response["violations"] if v.get("impact") in ("moderate", "serious", "critical")]
    details = "; ".join(
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:5]}" for v in serious
    )
    assert not serious, f"accessibility violations on {label or page.url}: {details}"
