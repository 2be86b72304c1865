"""The error of a checkbox or radio group is visible and announced, on every form that has such a group; an
untouched form names each field to fill in and saves nothing. ("Kies ten minste één onderwerp" was display:none on
the first-contact form: only red boxes showed.)"""

from playwright.sync_api import expect

from tests.browser import assert_accessible, browser_login
from tests.vertrouwenspersonen.factories import make_dossier
from vertrouwenspersonen.models import Dossier


def _groepsfout_zichtbaar_en_gekoppeld(page, veld: str, tekst: str):
    melding = page.locator(f"#div_id_{veld} .invalid-feedback")
    expect(melding).to_be_visible()
    expect(melding).to_contain_text(tekst)
    # The group (its fieldset) is described by the message, so a screen reader reads it with the group.
    beschreven = page.locator(f"#div_id_{veld} fieldset").get_attribute("aria-describedby")
    assert f"id_{veld}_error" in beschreven.split()
    expect(page.get_by_role("alert").filter(has_text=tekst)).to_be_visible()


def test_the_topic_and_conversation_groups_show_their_errors_on_the_first_contact_form(page, cast):
    browser_login(page, cast.vp)
    page.goto("/vertrouwenspersoon/dossiers/nieuw/")
    page.get_by_label("Het eerste contact was een gesprek: leg het ook vast").check()
    page.get_by_role("button", name="Vastleggen").click()
    _groepsfout_zichtbaar_en_gekoppeld(page, "onderwerpen", "Kies ten minste één onderwerp.")
    _groepsfout_zichtbaar_en_gekoppeld(page, "gesprek_vorm", "Kies hoe het gesprek gevoerd is.")
    expect(page.locator("#div_id_gesprek_duur_minuten .invalid-feedback")).to_be_visible()
    assert_accessible(page, "eerste contact met fouten")
    # The summary's link takes the keyboard user to the group.
    page.get_by_role("alert").get_by_role("link", name="Onderwerpen").click()
    assert page.url.endswith("#div_id_onderwerpen")
    assert not Dossier.objects.exists()


def test_an_untouched_gesprek_form_shows_the_form_groups_error(page, cast):
    dossier = make_dossier(cast)
    browser_login(page, cast.vp)
    page.goto(f"/vertrouwenspersoon/dossiers/{dossier.pk}/gesprek/")
    page.get_by_role("button", name="Gesprek opslaan").click()
    _groepsfout_zichtbaar_en_gekoppeld(page, "vorm", "Kies hoe het gesprek gevoerd is.")
    expect(page.locator("#div_id_duur_minuten .invalid-feedback")).to_contain_text("Vul de duur")
    assert not dossier.gesprekken.exists()
