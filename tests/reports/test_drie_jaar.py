"""Three years for every breakdown (issue 15, item 4), each year suppressed by its own small cells, with the change.

Every expected number is counted by hand from the meldingen the fixture builds.
"""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.figures import compute_figures
from reports.render import render_pdf, render_xlsx
from reports.tables import build_sections, verschil

SAMEN = "Overige onderdelen (samengevoegd)"


@pytest.fixture
def cijfers(cast, build, d):
    assert cast.org.minimum_celgrootte == 5
    for i in range(6):
        build.melding(datum=d(2024, 2, 1 + i), onderdeel="Ruimte")
        build.melding(datum=d(2025, 2, 1 + i), onderdeel="Ruimte")
        build.melding(datum=d(2025, 3, 1 + i), onderdeel="Publiekszaken")
    for i in range(2):
        m = build.melding(datum=d(2024, 4, 1 + i), onderdeel="Publiekszaken", bron="extern")
        build.betrokkene(m, bevinding="arbeidsconflict", maatregelen=["geen maatregel"])
    return compute_figures(cast.org, 2025)


def test_previous_years_carry_their_own_breakdowns_suppressed_by_their_own_small_cells(cijfers):
    vorig = cijfers["vorige_jaren"]["2024"]["integriteit"]
    # 2024: Publiekszaken 2 (below 5) merged, and Ruimte with it so the merged row is not small itself.
    assert vorig["per_organisatieonderdeel"] == {SAMEN: 8}
    assert cijfers["integriteit"]["per_organisatieonderdeel"] == {"Publiekszaken": 6, "Ruimte": 6}
    assert vorig["per_bevinding"] == {"arbeidsconflict": 2} and vorig["maatregelen_per_persoon"] == {"geen maatregel": 2}
    assert "bijlage" not in vorig
    cellen = {(e["tabel"], e["cel"]) for e in cijfers["onderdrukt"]}
    assert ("integriteit.per_organisatieonderdeel", "2024: Publiekszaken") in cellen
    assert ("integriteit.per_organisatieonderdeel", "2024: Ruimte") in cellen


def _tabel(cijfers, sleutel):
    return next(t for s in build_sections(cijfers) for t in s.tabellen if t.sleutel == sleutel)


def test_a_breakdown_table_shows_three_years_and_the_change(cijfers):
    bron = _tabel(cijfers, "int_bron")
    assert bron.kolommen == ["Bron", "2023", "2024", "2025", "% 2025", "Verschil t.o.v. 2024", "Verschil (%)"]
    assert bron.rijen[0] == ["Intern (medewerker)", "0", "6", "12", "100%", "+6", "+100%"]
    assert bron.rijen[1][1:] == ["0", "2", "0", "0%", "-2", "-100%"]
    onderdeel = {r[0]: r[1:] for r in _tabel(cijfers, "int_onderdeel").rijen}
    # A unit merged (or absent) in a year has no number of its own there: "–", and so no change.
    assert onderdeel == {SAMEN: ["–", "8", "–", "–", "–"], "Publiekszaken": ["–", "–", "6", "–", "–"],
                         "Ruimte": ["–", "–", "6", "–", "–"]}
    bevinding = {r[0]: r[1:] for r in _tabel(cijfers, "int_bevinding").rijen}
    assert bevinding["Arbeidsconflict"] == ["0", "2", "0", "-2", "-100%"]


def test_the_change_is_absolute_and_relative_to_last_year():
    assert verschil(3, 1) == ("-2", "-67%")
    assert verschil(4, 4) == ("0", "0%")
    assert verschil(0, 3) == ("+3", "–")
    assert verschil(None, 5) == ("–", "–")
    assert verschil(65, 74) == ("+9", "+14%")


def test_every_format_has_the_three_year_breakdowns(cijfers, cast):
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert "Intern (medewerker) 0 6 12 100% +6 +100%" in pdf
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    rijen = {r[0]: r[1:] for r in wb["Int Meldingen per bron"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rijen["Intern (medewerker)"] == (0, 6, 12, 1.0, "+6", "+100%")
