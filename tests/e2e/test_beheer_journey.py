"""The functioneel beheerder invites a new colleague through the Beheer screens; the invitation e-mail carries a
one-time link; the colleague sets a password, enrols TOTP, keeps the backup codes and starts working.
The beheerder works in Dutch or in English; the new colleague starts in the default language, Dutch."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Lidmaatschap, User
from tests.browser import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.test_login_journey import totp_code_for_device

NIEUW_WACHTWOORD = "Een-Sterk-Wachtwoord-2026!"


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_beheerder_invites_a_user_who_sets_a_password_and_enrols_totp(page, other_page, cast, mailoutbox, taal):
    def t(dutch: str, **values) -> str:
        with translation.override(taal):
            text = translation.gettext(dutch)
        return text % values if values else text

    cast.beheerder.taal = taal
    cast.beheerder.save(update_fields=["taal"])
    login(page, cast.beheerder)
    page.goto("/beheer/gebruikers/")
    assert_accessible(page, "gebruikers")
    page.get_by_role("link", name=t("Gebruiker uitnodigen")).first.click()
    assert_accessible(page, "uitnodigen")
    page.get_by_label(t("E-mailadres")).fill("nieuwe.onderzoeker@voorbeeldstad.test")
    page.get_by_label(t("Naam")).fill("Nieuwe Onderzoeker")
    page.get_by_label(t("Rol")).select_option(label=t("Onderzoeker"))
    page.get_by_role("button", name=t("Uitnodigen")).click()
    expect(page.get_by_text(t(
        "%(email)s is uitgenodigd. Er is een e-mail met een eenmalige link verstuurd om een wachtwoord en "
        "tweestapsverificatie in te stellen.", email="nieuwe.onderzoeker@voorbeeldstad.test"))).to_be_visible()
    assert_accessible(page, "gebruiker")
    nieuw = User.objects.get(email="nieuwe.onderzoeker@voorbeeldstad.test")
    assert not nieuw.has_usable_password()
    assert Lidmaatschap.objects.filter(gebruiker=nieuw, organisatie=cast.org, rol="onderzoeker", actief=True).exists()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nieuwe.onderzoeker@voorbeeldstad.test"]
    assert "Gemeente Voorbeeldstad" in mail.subject
    # The link is built from SITE_URL (never from the request's Host header); open its path on the live server.
    url = re.search(r"https?://\S+/account/uitnodiging/\S+/", mail.body).group(0)
    assert url.startswith(settings.SITE_URL)
    link = url.removeprefix(settings.SITE_URL)

    # The new colleague, in their own browser.
    new = other_page
    new.goto(link)
    assert_accessible(new, "wachtwoord instellen")
    new.locator("#id_new_password1").fill(NIEUW_WACHTWOORD)
    new.get_by_label("Nieuw wachtwoord bevestigen").fill(NIEUW_WACHTWOORD)
    new.get_by_role("button", name="Wachtwoord instellen").click()
    assert "/verificatie/instellen/" in new.url
    assert_accessible(new, "2FA instellen")
    device = TOTPDevice.objects.get(user=nieuw, confirmed=False)
    new.get_by_role("textbox", name="Code").fill(totp_code_for_device(device))
    new.get_by_role("button", name="Bevestigen").click()
    assert new.locator("#backup-codes li").count() == 10
    assert_accessible(new, "back-upcodes")
    nieuw.refresh_from_db()
    assert nieuw.check_password(NIEUW_WACHTWOORD)
    assert TOTPDevice.objects.filter(user=nieuw, confirmed=True).count() == 1
    new.goto("/meldingen/onderzoeken/")
    assert "/inloggen/" not in new.url and "/verificatie/" not in new.url
    expect(new.get_by_role("heading", level=1)).to_be_visible()

    # The link works once.
    new.context.clear_cookies()
    new.goto(link)
    assert new.locator("#id_new_password1").count() == 0

    # The beheerder now sees that the colleague has two-step verification.
    page.reload()
    assert_accessible(page, "gebruiker na inschrijving")
    assert not page.js_errors and not new.js_errors
