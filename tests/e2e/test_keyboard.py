"""The main forms work with the keyboard alone, every stop on the way shows a visible focus indicator, and a
form with errors ties each message to its field (aria-describedby, aria-invalid) and keeps what was typed."""

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldingen.models import Melding
from reports.models import Jaarverslag
from tests.browser import assert_accessible, browser_login, totp_code
from tests.conftest import PASSWORD
from tests.meldingen.factories import MeldingFactory
from vertrouwenspersonen.models import Dossier

FOCUS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
          text: (el.innerText || '').trim().slice(0, 60), visible: outline || ring,
          picker: el.type === 'date' && !el.matches(':focus')};
}"""


def tab_to(page, wanted, limit: int = 200) -> dict:
    """Press Tab until `wanted(focused)` holds; every element that gets focus on the way must show it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        # Chromium's date input has a last tab stop on its own calendar button (inside the browser's shadow DOM,
        # drawn with the browser's focus ring); the input itself then no longer matches :focus.
        if focused["tag"] != "body" and not focused["picker"]:
            assert focused["visible"], f"no visible focus indicator on {focused} (after {seen[-3:]})"
        seen.append(focused["id"] or focused["text"] or focused["tag"])
        if wanted(focused):
            return focused
    raise AssertionError(f"never reached the wanted element with Tab; went through {seen}")


def by_id(element_id):
    return lambda focused: focused["id"] == element_id


def button(label):
    return lambda focused: focused["tag"] == "button" and focused["text"] == label


def link(label):
    return lambda focused: focused["tag"] == "a" and focused["text"] == label


def test_login_and_the_second_step_with_the_keyboard_only(page, cast):
    TOTPDevice.objects.get_or_create(user=cast.coordinator, name="e2e", defaults={"confirmed": True})
    page.goto("/account/inloggen/")
    tab_to(page, by_id("id_username"))
    page.keyboard.type(cast.coordinator.email)
    tab_to(page, by_id("id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("textbox", name="Code").wait_for()
    tab_to(page, by_id("id_token"))
    page.keyboard.type(totp_code(cast.coordinator))
    tab_to(page, button("Controleren"))
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Uitloggen", exact=True).wait_for()
    assert "/account/" not in page.url


def test_coordinator_changes_a_status_with_the_keyboard_only(page, cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    browser_login(page, cast.coordinator)
    page.goto(f"/meldingen/{melding.pk}/")
    tab_to(page, link("Status wijzigen"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/meldingen/{melding.pk}/status/")
    tab_to(page, by_id("id_naar"))
    gekozen = page.locator("#id_naar option:checked").get_attribute("value")
    tab_to(page, by_id("id_reden"))
    page.keyboard.type("In behandeling genomen met het toetsenbord.")
    tab_to(page, button("Status wijzigen"))
    page.keyboard.press("Enter")
    page.get_by_text("De status is gewijzigd").wait_for()
    melding.refresh_from_db()
    assert melding.status == gekozen != "ontvangen"


def test_coordinator_makes_and_generates_the_jaarverslag_with_the_keyboard_only(page, cast):
    browser_login(page, cast.coordinator)
    page.goto("/jaarverslag/")
    tab_to(page, by_id("id_jaar"))  # last year is preselected
    tab_to(page, button("Maak een concept"))
    page.keyboard.press("Enter")
    page.get_by_text("Het concept is aangemaakt.").wait_for()
    tab_to(page, button("Genereer het jaarverslag"))
    page.keyboard.press("Enter")
    page.locator("#jv-status-tekst").filter(has_text="Klaar").wait_for()
    jaarverslag = Jaarverslag.objects.get(organisatie=cast.org)
    assert jaarverslag.jaar == timezone.localdate().year - 1
    tab_to(page, link("Download PDF"))


def test_vp_registers_a_first_contact_with_the_keyboard_only(page, cast):
    browser_login(page, cast.vp)
    page.goto("/vertrouwenspersoon/dossiers/nieuw/")
    tab_to(page, by_id("id_onderdeel"))
    page.keyboard.press("R")  # type-ahead: the only option starting with R
    assert page.locator("#id_onderdeel option:checked").inner_text() == "Ruimte"
    tab_to(page, by_id("id_onderwerpen_2"))  # pesten
    page.keyboard.press("Space")
    tab_to(page, by_id("id_onderwerpen_4"))  # discriminatie
    page.keyboard.press("Space")
    assert page.locator("#id_onderwerpen_2").is_checked() and page.locator("#id_onderwerpen_4").is_checked()
    tab_to(page, button("Vastleggen"))
    page.keyboard.press("Enter")
    page.get_by_text("Het eerste contact is vastgelegd.").wait_for()
    dossier = Dossier.objects.get()
    assert dossier.onderdeel.naam == "Ruimte" and dossier.eerste_contact == timezone.localdate()
    assert sorted(c.label for c in dossier.onderwerpen.all()) == ["discriminatie", "pesten"]


def test_coordinator_registers_a_melding_with_the_keyboard_only(page, cast):
    browser_login(page, cast.coordinator)
    page.goto("/meldingen/nieuw/")
    tab_to(page, by_id("id_kanaal"))
    page.keyboard.press("R")  # Rechtstreeks bij de coördinator
    tab_to(page, by_id("id_bron"))
    page.keyboard.press("I")  # Intern (medewerker)
    tab_to(page, by_id("id_spoor"))
    page.keyboard.press("V")  # Vermoeden integriteitsschending, the first V
    tab_to(page, by_id("id_onderwerp"))
    page.keyboard.press("f")  # financiële schendingen
    tab_to(page, by_id("id_omschrijving"))
    page.keyboard.type("Melding ingevoerd met alleen het toetsenbord.")
    tab_to(page, button("Opslaan"))
    page.keyboard.press("Enter")
    page.get_by_text("is geregistreerd.").wait_for()
    melding = Melding.objects.get()
    assert (melding.kanaal, melding.bron, melding.spoor) == ("coordinator", "intern", "integriteit")
    assert melding.onderwerp.label == "financiële schendingen"
    assert melding.omschrijving == "Melding ingevoerd met alleen het toetsenbord."


def test_errors_are_tied_to_their_fields_and_typed_values_are_kept(page, cast):
    browser_login(page, cast.coordinator)
    page.goto("/meldingen/nieuw/")
    page.get_by_label("Kanaal").select_option(label="Anoniem")
    page.get_by_label("Omschrijving").fill("Omschrijving die na de fout blijft staan.")
    page.get_by_role("button", name="Opslaan").click()
    assert_error_tied(page, "#id_onderwerp", "Kies een onderwerp.")
    assert_error_tied(page, "#id_bron", "Dit veld is verplicht.")
    assert page.get_by_label("Omschrijving").input_value() == "Omschrijving die na de fout blijft staan."
    assert page.locator("#id_kanaal").input_value() == "anoniem"
    assert Melding.objects.count() == 0
    assert_accessible(page, "nieuwe melding met fouten")

    page.context.clear_cookies()
    browser_login(page, cast.vp)
    page.goto("/vertrouwenspersoon/dossiers/nieuw/")
    page.get_by_label("Organisatieonderdeel van de melder (optioneel)").select_option(label="Ruimte")
    page.get_by_role("button", name="Vastleggen").click()
    # A group of checkboxes: the fieldset carries the message.
    assert_error_tied(page, "#div_id_onderwerpen fieldset", "Kies ten minste één onderwerp.")
    assert page.locator("#id_onderdeel option:checked").inner_text() == "Ruimte"
    assert_accessible(page, "eerste contact met fouten")


def assert_error_tied(page, selector: str, message: str):
    field = page.locator(selector)
    ids = (field.get_attribute("aria-describedby") or "").split()
    described = " ".join(page.locator(f"[id='{i}']").inner_text() for i in ids)
    assert message in described, f"{selector}: {message!r} not in its description {described!r}"
    if not selector.endswith("fieldset"):
        assert field.get_attribute("aria-invalid") == "true"
