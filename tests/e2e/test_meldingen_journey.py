"""The formal register in a real browser: the coordinator registers, acknowledges and investigates a melding,
the assigned onderzoeker records the conclusion and uploads the report, the coordinator decides and closes.
Two browsers, two people; axe on every page either of them sees. In Dutch and in English: every label and
message is looked up in the catalog for the users' language (category names are the organisation's data)."""

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from meldingen.models import Bijlage, Melding, Status
from tests.browser import assert_accessible
from tests.e2e.conftest import login, minimal_pdf


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_coordinator_and_onderzoeker_handle_a_melding_from_receipt_to_closure(page, other_page, cast, tmp_path, taal):
    def t(dutch: str, **values) -> str:
        with translation.override(taal):
            text = translation.gettext(dutch)
        return text % values if values else text

    for user in (cast.coordinator, cast.onderzoeker):
        user.taal = taal
        user.save(update_fields=["taal"])
    today = timezone.localdate()
    login(page, cast.coordinator)
    assert page.locator("html").get_attribute("lang") == taal
    page.goto("/meldingen/")
    assert_accessible(page, "meldingen-dashboard")
    page.goto("/meldingen/nieuw/")
    assert_accessible(page, "nieuwe melding")
    page.get_by_label(t("kanaal")).select_option(label=t("Rechtstreeks bij de coördinator"))
    page.get_by_label(t("bron")).select_option(label=t("Intern (medewerker)"))
    page.get_by_label(t("spoor")).select_option(label=t("Vermoeden integriteitsschending"))
    page.get_by_label(t("onderwerp")).select_option(label="misbruik van bevoegdheden")
    page.get_by_label(t("organisatieonderdeel")).select_option(label="Ruimte")
    page.get_by_label(t("omschrijving")).fill("Vergunning verleend zonder de vereiste toets.")
    page.get_by_role("button", name=t("Opslaan")).click()
    melding = Melding.objects.get()
    expect(page.get_by_text(t("Melding %(kenmerk)s is geregistreerd.", kenmerk=melding.kenmerk))).to_be_visible()
    expect(page.get_by_text("Vergunning verleend zonder de vereiste toets.")).to_be_visible()
    assert_accessible(page, "melding")

    # Ontvangstbevestiging (Wbk: within 7 days).
    page.locator("form[action*='/termijnen/']").first.get_by_role("button", name=t("Vastleggen")).click()
    expect(page.get_by_text(t("De termijn is als voldaan vastgelegd."))).to_be_visible()
    assert melding.termijnen.filter(soort="ontvangstbevestiging", voldaan_op=today).exists()

    # Beoordeling: a feitenonderzoek.
    page.get_by_role("link", name=t("Gegevens bewerken")).click()
    assert_accessible(page, "melding bewerken")
    page.get_by_label(t("beoordeling")).select_option(label=t("Feitenonderzoek starten"))
    page.get_by_role("button", name=t("Opslaan")).click()
    expect(page.get_by_text(t("De wijzigingen zijn opgeslagen."))).to_be_visible()
    change_status(page, t, "In behandeling")

    page.get_by_role("link", name=t("Feitenonderzoek vastleggen")).click()
    assert_accessible(page, "feitenonderzoek vastleggen")
    page.get_by_label(t("opdrachtgever")).fill("Directeur Bedrijfsvoering")
    page.get_by_label(t("uitgevoerd door")).select_option(label=t("Intern"))
    page.get_by_role("button", name=t("Opslaan")).click()
    expect(page.get_by_text(t("Het feitenonderzoek is vastgelegd. Wijs nu een onderzoeker toe."))).to_be_visible()
    assert_accessible(page, "feitenonderzoek")
    page.get_by_role("combobox", name=t("Onderzoeker")).select_option(label=str(cast.onderzoeker))
    page.get_by_role("button", name=t("Toewijzen")).click()
    expect(page.get_by_text(t("De onderzoeker is toegewezen."))).to_be_visible()
    page.get_by_role("link", name=t("Terug naar melding %(k)s", k=melding.kenmerk)).click()
    change_status(page, t, "Feitenonderzoek")

    # The onderzoeker, at their own desk.
    other = other_page
    login(other, cast.onderzoeker)
    other.goto("/meldingen/onderzoeken/")
    assert_accessible(other, "mijn onderzoeken")
    other.get_by_role("link", name=melding.kenmerk).first.click()
    expect(other.get_by_text("Vergunning verleend zonder de vereiste toets.")).to_be_visible()  # read-only
    assert other.get_by_role("link", name=t("Gegevens bewerken")).count() == 0
    assert_accessible(other, "onderzoek (onderzoeker)")
    other.get_by_role("link", name=t("Rapport uploaden")).click()
    assert_accessible(other, "rapport uploaden")
    rapport = tmp_path / "onderzoeksrapport.pdf"
    rapport.write_bytes(minimal_pdf())
    other.get_by_label(t("Bestand")).set_input_files(str(rapport))
    other.get_by_role("button", name=t("Opslaan")).click()
    expect(other.get_by_text(t("Het rapport is versleuteld opgeslagen."))).to_be_visible()
    expect(other.get_by_role("link", name="onderzoeksrapport.pdf")).to_be_visible()
    # The report first: once the end date is recorded, the investigation is read-only for the onderzoeker.
    other.get_by_role("link", name=t("Voortgang vastleggen")).click()
    assert_accessible(other, "voortgang vastleggen")
    other.get_by_label(t("werkelijke einddatum")).fill(today.isoformat())
    other.get_by_label(t("hoor en wederhoor toegepast")).check()
    other.get_by_label(t("conclusie")).fill("De toets is overgeslagen; een schending is vastgesteld.")
    other.get_by_role("button", name=t("Opslaan")).click()
    expect(other.get_by_text(t("Het feitenonderzoek is bijgewerkt."))).to_be_visible()
    assert other.get_by_role("link", name=t("Rapport uploaden")).count() == 0
    assert Bijlage.objects.get().bestandsnaam == "onderzoeksrapport.pdf"
    other.goto(f"/meldingen/{melding.pk}/")  # the melding itself stays the coordinator's
    assert other.locator("h1").inner_text() != f"Melding {melding.kenmerk}"

    # Back to the coordinator: decision, measure, closure.
    page.reload()
    expect(page.get_by_text(t("afgerond op"))).to_be_visible()
    change_status(page, t, "Besluitvorming")
    page.get_by_role("link", name=t("Betrokkene toevoegen")).click()
    assert_accessible(page, "betrokkene toevoegen")
    page.get_by_label(t("functiecategorie")).select_option(label=t("Medewerker"))
    page.get_by_label(t("bevinding")).select_option(label="integriteitsschending vastgesteld")
    page.get_by_role("button", name=t("Opslaan")).click()
    expect(page.get_by_text(t("Betrokkene %(p)s is toegevoegd.", p="B1"))).to_be_visible()
    page.get_by_role("link", name=t("Maatregel"), exact=True).click()
    assert_accessible(page, "maatregel")
    page.get_by_label(t("Maatregel")).select_option(label="officiële waarschuwing")
    page.get_by_role("button", name=t("Opslaan")).click()
    expect(page.get_by_text(t("De maatregel is vastgelegd."))).to_be_visible()
    expect(page.get_by_role("cell", name="officiële waarschuwing")).to_be_visible()
    change_status(page, t, "Afgehandeld", reden="Maatregel opgelegd, melder geïnformeerd.")
    melding.refresh_from_db()
    assert melding.status == Status.AFGEHANDELD and melding.afgehandeld_op == today
    assert_accessible(page, "afgehandelde melding")
    assert not page.js_errors and not other.js_errors


def change_status(page, t, status: str, reden: str = ""):
    label = t(status)
    page.get_by_role("link", name=t("Status wijzigen")).click()
    assert_accessible(page, f"status wijzigen naar {label}")
    page.get_by_label(t("Nieuwe status")).select_option(label=label)
    if reden:
        page.get_by_label(t("Reden")).fill(reden)
    page.get_by_role("button", name=t("Status wijzigen")).click()
    expect(page.get_by_text(t("De status is gewijzigd in “%(status)s”.", status=label))).to_be_visible()
