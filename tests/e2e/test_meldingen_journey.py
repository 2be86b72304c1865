"""The formal register in a real browser: the coordinator registers, acknowledges and investigates a melding,
the assigned onderzoeker records the conclusion and uploads the report, the coordinator decides and closes.
Two browsers, two people; axe on every page either of them sees."""

from django.utils import timezone

from meldingen.models import Bijlage, Melding, Status
from tests.browser import assert_accessible, browser_login
from tests.e2e.conftest import minimal_pdf


def test_coordinator_and_onderzoeker_handle_a_melding_from_receipt_to_closure(page, other_page, cast, tmp_path):
    today = timezone.localdate()
    browser_login(page, cast.coordinator)
    page.goto("/meldingen/")
    assert_accessible(page, "meldingen-dashboard")
    page.goto("/meldingen/nieuw/")
    assert_accessible(page, "nieuwe melding")
    page.get_by_label("Kanaal").select_option(label="Rechtstreeks bij de coördinator")
    page.get_by_label("Bron").select_option(label="Intern (medewerker)")
    page.get_by_label("Spoor").select_option(label="Vermoeden integriteitsschending")
    page.get_by_label("Onderwerp").select_option(label="misbruik van bevoegdheden")
    page.get_by_label("Organisatieonderdeel").select_option(label="Ruimte")
    page.get_by_label("Omschrijving").fill("Vergunning verleend zonder de vereiste toets.")
    page.get_by_role("button", name="Opslaan").click()
    melding = Melding.objects.get()
    assert page.get_by_text(f"Melding {melding.kenmerk} is geregistreerd.").is_visible()
    assert page.get_by_text("Vergunning verleend zonder de vereiste toets.").is_visible()
    assert_accessible(page, "melding")

    # Ontvangstbevestiging (Wbk: within 7 days).
    page.locator("form[action*='/termijnen/']").first.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("De termijn is als voldaan vastgelegd.").is_visible()
    assert melding.termijnen.filter(soort="ontvangstbevestiging", voldaan_op=today).exists()

    # Beoordeling: a feitenonderzoek.
    page.get_by_role("link", name="Gegevens bewerken").click()
    assert_accessible(page, "melding bewerken")
    page.get_by_label("Beoordeling").select_option(label="Feitenonderzoek starten")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De wijzigingen zijn opgeslagen.").is_visible()
    change_status(page, "In behandeling")

    page.get_by_role("link", name="Feitenonderzoek vastleggen").click()
    assert_accessible(page, "feitenonderzoek vastleggen")
    page.get_by_label("Opdrachtgever").fill("Directeur Bedrijfsvoering")
    page.get_by_label("Uitgevoerd door").select_option(label="Intern")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Het feitenonderzoek is vastgelegd.").is_visible()
    assert_accessible(page, "feitenonderzoek")
    page.get_by_role("combobox", name="Onderzoeker").select_option(label=str(cast.onderzoeker))
    page.get_by_role("button", name="Toewijzen").click()
    assert page.get_by_text("De onderzoeker is toegewezen.").is_visible()
    page.get_by_role("link", name=f"Terug naar melding {melding.kenmerk}").click()
    change_status(page, "Feitenonderzoek")

    # The onderzoeker, at their own desk.
    other = other_page
    browser_login(other, cast.onderzoeker)
    other.goto("/meldingen/onderzoeken/")
    assert_accessible(other, "mijn onderzoeken")
    other.get_by_role("link", name=melding.kenmerk).first.click()
    assert other.get_by_text("Vergunning verleend zonder de vereiste toets.").is_visible()  # read-only
    assert other.get_by_role("link", name="Gegevens bewerken").count() == 0
    assert_accessible(other, "onderzoek (onderzoeker)")
    other.get_by_role("link", name="Voortgang vastleggen").click()
    assert_accessible(other, "voortgang vastleggen")
    other.get_by_label("Werkelijke einddatum").fill(today.isoformat())
    other.get_by_label("Hoor en wederhoor").check()
    other.get_by_label("Conclusie").fill("De toets is overgeslagen; een schending is vastgesteld.")
    other.get_by_role("button", name="Opslaan").click()
    assert other.get_by_text("Het feitenonderzoek is bijgewerkt.").is_visible()
    other.get_by_role("link", name="Rapport uploaden").click()
    assert_accessible(other, "rapport uploaden")
    rapport = tmp_path / "onderzoeksrapport.pdf"
    rapport.write_bytes(minimal_pdf())
    other.get_by_label("Bestand").set_input_files(str(rapport))
    other.get_by_role("button", name="Opslaan").click()
    assert other.get_by_text("Het rapport is versleuteld opgeslagen.").is_visible()
    assert other.get_by_role("link", name="onderzoeksrapport.pdf").is_visible()
    assert Bijlage.objects.get().bestandsnaam == "onderzoeksrapport.pdf"
    other.goto(f"/meldingen/{melding.pk}/")  # the melding itself stays the coordinator's
    assert other.locator("h1").inner_text() != f"Melding {melding.kenmerk}"

    # Back to the coordinator: decision, measure, closure.
    page.reload()
    assert page.get_by_text("afgerond op").is_visible()
    change_status(page, "Besluitvorming")
    page.get_by_role("link", name="Betrokkene toevoegen").click()
    assert_accessible(page, "betrokkene toevoegen")
    page.get_by_label("Functiecategorie").select_option(label="Medewerker")
    page.get_by_label("Bevinding").select_option(label="integriteitsschending vastgesteld")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Betrokkene B1 is toegevoegd.").is_visible()
    page.get_by_role("link", name="Maatregel", exact=True).click()
    assert_accessible(page, "maatregel")
    page.get_by_label("Maatregel").select_option(label="officiële waarschuwing")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De maatregel is vastgelegd.").is_visible()
    assert page.get_by_role("cell", name="officiële waarschuwing").is_visible()
    change_status(page, "Afgehandeld", reden="Maatregel opgelegd, melder geïnformeerd.")
    melding.refresh_from_db()
    assert melding.status == Status.AFGEHANDELD and melding.afgehandeld_op == today
    assert_accessible(page, "afgehandelde melding")
    assert not page.js_errors and not other.js_errors


def change_status(page, label: str, reden: str = ""):
    page.get_by_role("link", name="Status wijzigen").click()
    assert_accessible(page, f"status wijzigen naar {label}")
    page.get_by_label("Nieuwe status").select_option(label=label)
    if reden:
        page.get_by_label("Reden").fill(reden)
    page.get_by_role("button", name="Status wijzigen").click()
    assert page.get_by_text(f"De status is gewijzigd in “{label}”.").is_visible()
