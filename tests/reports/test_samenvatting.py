"""The samenvatting (issue 15, item 5): sentences generated from the figures, before the tables; the author adds to it.

Every expected number is counted by hand from the records the fixture builds.
"""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.figures import compute_figures
from reports.render import render_docx, render_pdf, render_xlsx
from reports.samenvatting import samenvatting_zinnen


@pytest.fixture
def org(cast, build, d):
    for i in range(4):
        build.dossier(datum=d(2024, 3, 1 + i), onderwerpen=["pesten"])
    for i in range(5):  # 2025: 5 meldingen, 3 pesten and 2 intimidatie + integriteit
        build.dossier(datum=d(2025, 3, 1 + i), onderwerpen=["pesten"] if i < 3 else ["intimidatie", "integriteit"])
    build.dossier(datum=d(2025, 6, 1), soort="informatieverzoek")
    for i in range(2):
        build.melding(datum=d(2024, 5, 1 + i))
    build.melding(datum=d(2025, 5, 1))
    return cast.org


def test_the_sentences_say_the_numbers_of_the_tables(org):
    zinnen = samenvatting_zinnen(compute_figures(org, 2025))
    assert zinnen == [
        "Het aantal meldingen bij de vertrouwenspersonen steeg van 4 naar 5 (+25 %).",
        "Daarnaast waren er 1 informatieverzoek en 0 arbeidsconflicten.",
        "Het meest genoemde onderwerp was pesten: bij 3 van de 5 meldingen (60 %).",
        "Van de meldingen gingen er 3 over ongewenst gedrag, 0 over integriteit en 2 over beide.",
        "Het aantal formele meldingen integriteit en ongewenst gedrag daalde van 2 naar 1 (-50 %).",
        "Gestart zijn 0 feitenonderzoeken en 0 interne trajecten.",
        "Op 31 december waren 3 meldingen nog in behandeling, waarvan 1 uit 2025 zelf.",
    ]
    assert 5 <= len(zinnen) <= 8


def test_a_scoped_report_summarises_only_its_register(org):
    zinnen = samenvatting_zinnen(compute_figures(org, 2025, reikwijdte="integriteit"))
    assert zinnen[0] == "Het aantal formele meldingen integriteit en ongewenst gedrag daalde van 2 naar 1 (-50 %)."
    assert not any("vertrouwenspersonen" in z for z in zinnen)
    leeg = samenvatting_zinnen(compute_figures(org, 2026, reikwijdte="vp-intern"))
    assert leeg[0] == "Het aantal meldingen bij de vertrouwenspersonen daalde van 5 naar 0 (-100 %)."
    assert samenvatting_zinnen(compute_figures(org, 2024, reikwijdte="integriteit"))[-1] == (
        "Op 31 december waren 2 meldingen nog in behandeling, waarvan 2 uit 2024 zelf.")
    assert samenvatting_zinnen(compute_figures(org, 2022, reikwijdte="integriteit"))[0] == (
        "Het aantal formele meldingen integriteit en ongewenst gedrag bleef gelijk: 0.")


def test_every_document_has_the_samenvatting_with_the_authors_addition(org, cast, client_for):
    jv = services.jaarverslag_create(organisatie=org, jaar=2025, door=cast.vp)
    response = client_for(cast.vp).post(f"/jaarverslag/{jv.pk}/tekst/", {
        "samenvatting": "De daling bij de formele meldingen hangt samen met het nieuwe meldpunt.",
        "voorwoord": "", "ontwikkelingen": "", "preventie": "", "aanbevelingen": "", "opvolging": ""})
    assert response.status_code == 302
    jv.refresh_from_db()
    cijfers = compute_figures(org, 2025)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    samenvatting = pdf[pdf.index("Samenvatting Het aantal meldingen"):]
    assert samenvatting.index("steeg van 4 naar 5 (+25 %)") < samenvatting.index("het nieuwe meldpunt") < \
        samenvatting.index("Kerncijfers in drie jaar")
    paragrafen = [p.text for p in Document(io.BytesIO(render_docx(jv, cijfers))).paragraphs]
    kop = paragrafen.index("Samenvatting", 3)
    assert paragrafen[kop + 1] == "Het aantal meldingen bij de vertrouwenspersonen steeg van 4 naar 5 (+25 %)."
    assert "De daling bij de formele meldingen hangt samen met het nieuwe meldpunt." in paragrafen[kop:]
    info = [r[0] for r in load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))["Toelichting"].iter_rows(values_only=True)]
    assert "Het meest genoemde onderwerp was pesten: bij 3 van de 5 meldingen (60 %)." in info
