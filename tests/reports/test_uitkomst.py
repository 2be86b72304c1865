"""Outcome per melding (issue 15, item 3): "bij 12 van de 29 afgehandelde meldingen een integriteitsschending".

Every expected number is counted by hand from the meldingen the fixture builds.
"""

import datetime
import io
import zoneinfo

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from meldingen import services as mservices
from reports import services
from reports.figures import compute_figures
from reports.render import render_docx, render_pdf, render_xlsx

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
D = datetime.date
SCHENDING = "integriteitsschending vastgesteld"


def _stap(melding, door, naar, dag, reden=""):
    melding.refresh_from_db()
    mservices.melding_change_status(melding=melding, naar=naar, door=door, versie=melding.versie, reden=reden,
                                    op=datetime.datetime(dag.year, dag.month, dag.day, 12, tzinfo=AMS))


def sluiten(melding, door, dag):
    melding.refresh_from_db()
    mservices.melding_update(melding=melding, door=door, versie=melding.versie, beoordeling="in_de_lijn")
    _stap(melding, door, "in_behandeling", melding.ontvangen_op)
    _stap(melding, door, "afgehandeld", dag, "klaar")


@pytest.fixture
def jaar(cast, build):
    c = cast.coordinator
    cast.org.minimum_celgrootte = 1
    cast.org.save()
    m1 = build.melding(datum=D(2025, 1, 10))  # two betrokkenen: the heavier finding decides
    build.betrokkene(m1, bevinding="geen integriteitsschending vastgesteld")
    build.betrokkene(m1, bevinding=SCHENDING)
    sluiten(m1, c, D(2025, 6, 1))
    m2 = build.melding(datum=D(2025, 2, 10))
    build.betrokkene(m2, bevinding="arbeidsconflict")
    sluiten(m2, c, D(2025, 3, 1))
    sluiten(build.melding(datum=D(2025, 3, 10)), c, D(2025, 4, 1))  # no betrokkene: no finding recorded
    m4 = build.melding(datum=D(2025, 4, 10))
    build.betrokkene(m4)  # no finding for this one
    build.betrokkene(m4, bevinding="functioneringskwestie")
    sluiten(m4, c, D(2025, 5, 1))
    m5 = build.melding(datum=D(2025, 5, 10))  # closed only in 2026: not by 31 December
    build.betrokkene(m5, bevinding=SCHENDING)
    sluiten(m5, c, D(2026, 1, 10))
    m6 = build.melding(datum=D(2025, 6, 10))  # closed, then reopened in the year: open on 31 December
    build.betrokkene(m6, bevinding=SCHENDING)
    sluiten(m6, c, D(2025, 7, 1))
    _stap(m6, c, "heropend", D(2025, 11, 1), "nieuw feit")
    m7 = build.melding(datum=D(2024, 12, 10))  # received the year before
    build.betrokkene(m7, bevinding=SCHENDING)
    sluiten(m7, c, D(2025, 2, 1))
    m8 = build.melding(datum=D(2025, 12, 1))  # closed on 31 December itself
    build.betrokkene(m8, bevinding=SCHENDING)
    sluiten(m8, c, D(2025, 12, 31))
    return compute_figures(cast.org, 2025, vandaag=D(2026, 6, 1))


def test_each_closed_melding_of_the_year_counts_once_under_its_heaviest_finding(jaar):
    uitkomst = jaar["integriteit"]["afgehandelde_meldingen_per_uitkomst"]
    assert uitkomst == {SCHENDING: 2, "arbeidsconflict": 1, "functioneringskwestie": 1,
                        "Nog geen bevinding vastgelegd": 1}
    assert list(uitkomst) == [SCHENDING, "arbeidsconflict", "functioneringskwestie", "Nog geen bevinding vastgelegd"]
    it = jaar["integriteit"]
    assert sum(uitkomst.values()) == it["aantal_meldingen"] - it["van_dit_jaar_in_behandeling_op_31_december"] == 5


def test_the_findings_per_person_are_kept_beside_it(jaar):
    # Every betrokkene of the year's meldingen, open or closed: m1 (2), m2, m4 (2), m5, m6, m8.
    assert jaar["integriteit"]["per_bevinding"] == {
        SCHENDING: 4, "geen integriteitsschending vastgesteld": 1, "arbeidsconflict": 1, "functioneringskwestie": 1,
        "Nog geen bevinding vastgelegd": 1}


def test_the_documents_write_the_sentence_from_the_same_counts(jaar, cast):
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    zin = "Bij 2 van de 5 afgehandelde meldingen uit 2025 was sprake van een integriteitsschending."
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, jaar))).pages)
    assert zin in pdf
    assert "Afgehandelde meldingen naar uitkomst" in pdf and "Integriteitsschending vastgesteld 2 40%" in pdf
    doc = Document(io.BytesIO(render_docx(jv, jaar)))
    assert zin in [p.text for p in doc.paragraphs]
    wb = load_workbook(io.BytesIO(render_xlsx(jv, jaar)))
    blad = wb[next(n for n in wb.sheetnames if n.startswith("Int Afgehandelde meldingen naar"))]
    rijen = {r[0]: r[1:3] for r in blad.iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rijen["Nog geen bevinding vastgelegd"] == (1, 0.2) and zin in rijen


def test_a_year_without_closed_meldingen_says_so(cast, build):
    build.melding(datum=D(2025, 3, 3))
    cijfers = compute_figures(cast.org, 2025)
    assert cijfers["integriteit"]["afgehandelde_meldingen_per_uitkomst"] == {}
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert "Afgehandelde meldingen naar uitkomst Geen gegevens in deze periode." in pdf
