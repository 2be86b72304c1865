"""A passkey in a real browser: chromium with a virtual authenticator (CDP WebAuthn domain). A new account enrols
a passkey as its first second factor, gets its backup codes, and logs in again with password + passkey."""

import pytest
from playwright.sync_api import expect

from accounts.audit import AuditEntry
from tests.browser import assert_accessible
from tests.conftest import PASSWORD


@pytest.fixture
def authenticator(page, live_server, settings):
    # The live server is http://localhost:<port>: a secure context, and "localhost" is a valid RP id.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    yield cdp, added["authenticatorId"]
    cdp.send("WebAuthn.disable")


def _password_step(page, user):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_new_account_enrols_a_passkey_and_logs_in_with_it(page, cast, authenticator):
    cdp, authenticator_id = authenticator
    user = cast.onderzoeker  # no second factor yet
    _password_step(page, user)
    page.wait_for_url("**/verificatie/instellen/**")
    assert_accessible(page, "2FA instellen met passkey-keuze")
    page.get_by_role("button", name="Passkey instellen").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    assert AuditEntry.objects.filter(actie="2fa_passkey_toegevoegd", gebruiker_id=user.pk).exists()

    page.context.clear_cookies()
    _password_step(page, user)
    page.wait_for_url("**/verificatie/**")
    assert_accessible(page, "verificatie met passkey")
    page.get_by_role("button", name="Inloggen met passkey").click()
    page.get_by_role("button", name="Uitloggen", exact=True).wait_for()
    assert "/account/" not in page.url
    assert AuditEntry.objects.filter(actie="2fa_geslaagd", gebruiker_id=user.pk,
                                     details__methode="WebAuthnCredential").exists()

    page.goto("/account/profiel/")
    expect(page.locator("#passkeys li")).to_have_count(1)
    assert_accessible(page, "profiel met passkey")
    assert not page.js_errors
