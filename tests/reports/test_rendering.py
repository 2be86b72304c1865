"""Every format renders from the same figures, is readable by its own library, and holds the key numbers."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.figures import compute_figures
from reports.render import narratief_html, render_docx, render_html, render_json, render_pdf, render_xlsx


@pytest.fixture
def report(cast, build, d):
    for i in range(6):
        m = build.melding(datum=d(2025, 3, 1 + i), onderwerp="ongewenste omgangsvormen", onderdeel="Ruimte")
        build.betrokkene(m, bevinding="arbeidsconflict", maatregelen=["officiële waarschuwing"])
    build.melding(datum=d(2025, 5, 1), onderwerp="financiële schendingen", onderdeel="Publiekszaken")
    for i in range(7):
        build.dossier(datum=d(2025, 4, 1 + i), onderwerpen=["pesten", "intimidatie"] if i % 2 else ["pesten"],
                      onderdeel="Sociaal Domein", geslacht="vrouw" if i < 5 else "man")
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    jv.voorwoord = "Het jaar **2025** was bijzonder.\n\n<script>alert(1)</script>\n\n- punt een\n- punt twee"
    jv.save()
    return jv, compute_figures(cast.org, 2025)


def test_pdf_reads_back_with_the_key_numbers(report):
    jv, cijfers = report
    pdf = render_pdf(jv, cijfers)  # its time is a budget for the benchmark, not a timed test (ARCHITECTURE.md)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert len(reader.pages) >= 5
    assert "Jaarverslag integriteit en vertrouwenspersonen 2025" in pages[0]
    assert "Gemeente Voorbeeldstad" in pages[0]
    assert "Inhoud" in pages[1]
    assert "Pagina 2 van" in pages[1]
    assert "Meldingen bij de vertrouwenspersonen 0 0 7" in text
    assert "Formele meldingen integriteit en ongewenst gedrag 0 0 7" in text
    assert "Pesten" in text and "Ongewenste omgangsvormen" in text
    assert "Overig (samengevoegd)" in text  # the single financiële-schendingen melding in the appendix
    bijlage = next(p for p in pages if p.startswith("Bijlage"))
    assert "Gevolg Aantal" in bijlage
    assert "Officiële waarschuwing 6" in bijlage  # six identical rows as one row with their count
    assert "alert(1)" not in text and "<script>" not in text
    assert "CONCEPT" in pages[0]


def test_docx_reopens_with_the_same_tables(report):
    jv, cijfers = report
    doc = Document(io.BytesIO(render_docx(jv, cijfers)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Voorwoord" in text and "Kerncijfers" in text
    assert "punt een" in text and "alert" not in text.replace("<script>alert(1)</script>", "")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Meldingen bij de vertrouwenspersonen" in cells
    assert "Pesten" in cells


def test_xlsx_has_one_sheet_per_table(report):
    jv, cijfers = report
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    assert "Kerncijfers in drie jaar" in wb.sheetnames
    assert any(name.startswith("VP Meldingen per onderwerp") for name in wb.sheetnames)
    assert "Bijlage" in wb.sheetnames
    ws = wb["Kerncijfers in drie jaar"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["Meldingen bij de vertrouwenspersonen"][2] == 7
    onderwerp = {r[0]: r for r in wb["VP Meldingen per onderwerp"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert onderwerp["Pesten"][3] == 7 and onderwerp["Pesten"][4] == 1.0  # a number formatted as a percentage
    assert wb["VP Meldingen per onderwerp"]["E3"].number_format == "0%"
    kop, *rijen = [r for r in wb["Bijlage"].iter_rows(min_row=2, values_only=True) if r and r[0]]
    assert kop[-1] == "Aantal"
    # Six meldingen with the same anonymous content share one row; the counts add up to the seven meldingen.
    rijen = [r for r in rijen if isinstance(r[-1], int)]
    assert [(r[0], r[-1]) for r in rijen] == [("Ongewenste omgangsvormen", 6), ("Overig (samengevoegd)", 1)]


def test_json_is_the_figures(report):
    _jv, cijfers = report
    data = json.loads(render_json(cijfers))
    assert data["schema"] == "vertrouwd.jaarverslag.v2"
    assert data["integriteit"]["aantal_meldingen"] == 7


def test_narrative_markdown_is_sanitised():
    html = narratief_html('# Kop\n\n<script>x</script> <a href="http://evil">link</a> **vet** <img src=x onerror=y>')
    assert "<script" not in html and "href" not in html and "<img" not in html and "onerror" not in html
    assert "<strong>vet</strong>" in html and "<h3>Kop</h3>" in html


def test_html_document_has_toc_and_accessible_tables(report):
    jv, cijfers = report
    html = render_html(jv, cijfers)
    assert 'href="#deel-kerncijfers"' in html
    assert '<th scope="col"' in html and '<th scope="row">' in html and "<caption>" in html
    assert "http://" not in html and "https://" not in html
