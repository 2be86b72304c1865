"""The annual report in a real browser: the coordinator creates the concept, generates it (Celery runs eagerly in
tests, so the progress block reports "klaar" at once), writes the voorwoord and adopts it; a report reader then
downloads the PDF and finds no way into any case. Axe on every page. In Dutch and in English (the screens follow
the user's language; the jaarverslag itself is a Dutch document in both)."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from reports.models import Jaarverslag
from tests.browser import assert_accessible
from tests.e2e.conftest import login
from tests.meldingen.factories import MeldingFactory
from tests.vertrouwenspersonen.factories import make_dossier

VOORWOORD = "Dit jaar zagen we meer meldingen over bevoegdheden."


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_author_generates_and_adopts_the_report_and_a_reader_downloads_the_pdf(page, other_page, cast, tmp_path, taal):
    def t(dutch: str, **values) -> str:
        with translation.override(taal):
            text = translation.gettext(dutch)
        return text % values if values else text

    for user in (cast.coordinator, cast.lezer):
        user.taal = taal
        user.save(update_fields=["taal"])
    klaar = t("Klaar (%(op)s).").split(" (")[0]
    download_pdf = t("Download %(f)s", f="PDF")
    jaar = timezone.localdate().year - 1
    meldingen = [
        MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(jaar, maand, 10))
        for maand in (2, 5, 9)
    ]
    dossiers = [make_dossier(cast, eerste_contact=datetime.date(jaar, maand, 3)) for maand in (1, 3, 6, 8)]

    login(page, cast.coordinator)
    page.goto("/jaarverslag/")
    assert_accessible(page, "jaarverslagen")
    page.get_by_label(t("Jaar")).select_option(str(jaar))
    page.get_by_role("button", name=t("Maak een concept")).click()
    expect(page.get_by_text(t("Het concept is aangemaakt. Genereer de cijfers en schrijf de toelichting."))).to_be_visible()
    jaarverslag = Jaarverslag.objects.get(organisatie=cast.org, jaar=jaar)
    assert_accessible(page, "concept")

    page.get_by_role("button", name=t("Genereer het jaarverslag")).click()
    expect(page.get_by_text(t("Het genereren is gestart. U kunt de voortgang hieronder volgen."))).to_be_visible()
    status = page.locator("#jv-status-tekst")
    status.filter(has_text=klaar).wait_for()  # the status line a screen reader announces (role=status)
    assert status.get_attribute("role") == "status"
    progress = page.request.get(f"/jaarverslag/{jaarverslag.pk}/status/").json()
    assert progress["status"] == "klaar" and progress["gelukt"] and progress["klaar"]
    expect(page.get_by_role("link", name=download_pdf)).to_be_visible()
    assert_accessible(page, "gegenereerd concept")

    page.get_by_role("link", name=t("Voorbeeld in de browser")).click()
    expect(page.get_by_text(str(jaar)).first).to_be_visible()
    assert_accessible(page, "voorbeeld")
    page.go_back()

    page.get_by_role("link", name=t("Toelichting schrijven")).click()
    assert_accessible(page, "toelichting")
    page.get_by_label(t("voorwoord")).fill(VOORWOORD)
    page.get_by_role("button", name=t("Opslaan")).click()
    expect(page.get_by_text(t("De tekst is opgeslagen. Genereer het verslag opnieuw om de bestanden bij te werken."))).to_be_visible()
    page.get_by_role("button", name=t("Opnieuw genereren met de actuele gegevens")).click()
    page.locator("#jv-status-tekst").filter(has_text=klaar).wait_for()

    page.get_by_role("link", name=t("Vaststellen")).click()
    assert_accessible(page, "vaststellen")
    page.get_by_role("button", name=t("Vaststellen")).click()
    expect(page.get_by_text(t("Het jaarverslag is vastgesteld. De definitieve bestanden worden gemaakt."))).to_be_visible()
    jaarverslag.refresh_from_db()
    assert jaarverslag.is_vastgesteld
    assert_accessible(page, "vastgesteld")

    # The report reader: sees the adopted report, downloads the PDF, reads the year, the count and the voorwoord.
    lezer = other_page
    login(lezer, cast.lezer)
    lezer.goto("/jaarverslag/")
    assert_accessible(lezer, "jaarverslagen (lezer)")
    assert lezer.get_by_role("button", name=t("Maak een concept")).count() == 0
    with translation.override(taal):
        naam = str(jaarverslag)
    lezer.get_by_role("link", name=f"{t('Openen')} {naam}").click()
    assert_accessible(lezer, "vastgesteld jaarverslag (lezer)")
    assert lezer.get_by_role("button", name=t("Genereer het jaarverslag")).count() == 0
    with lezer.expect_download() as download_info:
        lezer.get_by_role("link", name=download_pdf).click()
    pdf_path = tmp_path / "jaarverslag.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    text = " ".join(text.split())
    assert f"Jaarverslag integriteit en vertrouwenspersonen {jaar}" in text
    assert "Formele meldingen integriteit en ongewenst gedrag 0 0 3" in text  # key figures, three years
    assert "Meldingen bij de vertrouwenspersonen 0 0 4" in text
    assert VOORWOORD in text

    # ... and cannot open any case.
    # A melding is visible to no reader role (403), a VP-dossier URL hides its object (404), the lists are 403.
    for path, status in ((f"/meldingen/{meldingen[0].pk}/", 403), (f"/vertrouwenspersoon/dossiers/{dossiers[0].pk}/", 404),
                         ("/meldingen/", 403), ("/vertrouwenspersoon/", 403)):
        response = lezer.goto(path)
        assert response.status == status, path
        expect(lezer.get_by_role("heading", name=t("Geen toegang")).or_(
            lezer.get_by_role("heading", name=t("Pagina niet gevonden")))).to_be_visible()
        assert_accessible(lezer, f"geweigerd: {path}")
    assert not page.js_errors and not lezer.js_errors
