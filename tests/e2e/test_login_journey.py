"""The login journey in a real browser: password, TOTP, landing page, logout; and enrolment of a new user."""

import base64

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import assert_accessible, browser_login


def test_user_logs_in_with_totp_and_out_again(page, cast):
    page.goto("/")
    assert "/account/inloggen/" in page.url
    assert_accessible(page, "inloggen")
    browser_login(page, cast.coordinator)
    assert "/verificatie/" not in page.url and "/inloggen/" not in page.url
    page.get_by_role("button", name="Uitloggen").click()
    assert "/account/inloggen/" in page.url
    page.goto("/account/profiel/")
    assert "/account/inloggen/" in page.url
    assert not page.js_errors


def test_wrong_password_shows_a_dutch_error_next_to_the_form(page, cast):
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(cast.vp.email)
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text("Het e-mailadres of wachtwoord klopt niet").is_visible()
    assert page.get_by_label("E-mailadres").input_value() == cast.vp.email  # keeps what was typed


def test_invited_user_sets_password_and_enrols_totp(page, cast):
    user = cast.lezer
    user.set_unusable_password()
    user.save()
    link = f"/account/uitnodiging/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/"
    page.goto(link)
    assert_accessible(page, "wachtwoord instellen")
    page.locator("#id_new_password1").fill("Een-Sterk-Wachtwoord-2026!")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Een-Sterk-Wachtwoord-2026!")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    assert "/verificatie/instellen/" in page.url
    assert page.locator(".qr-code svg").is_visible()
    assert_accessible(page, "2FA instellen")
    # The code the phone would show, from the key the page displays for manual entry.
    secret = page.locator("#totp-secret").inner_text().strip()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret
    page.get_by_role("textbox", name="Code").fill(totp_code_for_device(device))
    page.get_by_role("button", name="Bevestigen").click()
    assert page.locator("#backup-codes li").count() == 10
    assert_accessible(page, "back-upcodes")


def totp_code_for_device(device) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"




def test_external_vp_chooses_the_organisation_after_login_and_sees_it_everywhere(page, cast):
    """Issue 17 §1: he does not land in the alphabetically first (empty) municipality but says where he works."""
    from playwright.sync_api import expect

    from accounts.models import Rol
    from accounts.services import lidmaatschap_toevoegen
    from tests.vertrouwenspersonen.factories import make_dossier

    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    dossier = make_dossier(cast, eigenaar=cast.vp2)  # in Gemeente Voorbeeldstad, not the first by name
    browser_login(page, cast.vp2)
    expect(page.get_by_role("heading", name="In welke organisatie werkt u nu?")).to_be_visible()
    assert_accessible(page, "organisatie kiezen")
    keuze = page.get_by_role("radio", name="Gemeente Voorbeeldstad")
    keuze.check()
    page.get_by_role("button", name="Verder in deze organisatie").click()
    expect(page.get_by_role("link", name=dossier.kenmerk)).to_be_visible()
    switcher = page.get_by_label("Organisatie:")
    expect(switcher).to_have_value(str(cast.org.pk))
    page.goto("/vertrouwenspersoon/dossiers/nieuw/")
    expect(page.locator(".organisatie-regel")).to_have_text("Organisatie: Gemeente Voorbeeldstad")
    # Switching in the header: the other municipality's pages no longer show his Voorbeeldstad dossier.
    page.get_by_label("Organisatie:").select_option(str(cast.other_org.pk))
    page.get_by_role("button", name="Wissel").click()
    expect(page.get_by_label("Organisatie:")).to_have_value(str(cast.other_org.pk))
    page.goto("/vertrouwenspersoon/")
    expect(page.get_by_role("link", name=dossier.kenmerk)).to_have_count(0)
    # The next login preselects where he worked last.
    page.get_by_role("button", name="Uitloggen").click()
    browser_login(page, cast.vp2)
    expect(page.get_by_role("radio", name="Gemeente Anderstad")).to_be_checked()
    assert not page.js_errors
