"""Small cells: merged or suppressed in cross-breakdowns, listed for the author, topic totals untouched."""

import pytest

from reports.figures import compute_figures
from reports.figures.suppression import SAMENGEVOEGD_ONDERDELEN, merge_small, suppress_cross


def test_merge_small_merges_cells_below_the_minimum():
    result, mapping, entries = merge_small({"A": 10, "B": 3, "C": 4, "D": 0}, minimum=5, tabel="t")
    assert result == {"A": 10, "D": 0, SAMENGEVOEGD_ONDERDELEN: 7}
    assert mapping["B"] == mapping["C"] == SAMENGEVOEGD_ONDERDELEN
    assert {e["cel"] for e in entries} == {"B", "C"}
    assert all("minder dan 5" in e["reden"] for e in entries)


def test_merge_small_grows_a_merged_row_that_is_still_too_small():
    result, _mapping, entries = merge_small({"A": 10, "B": 6, "C": 2}, minimum=5, tabel="t")
    assert result == {"A": 10, SAMENGEVOEGD_ONDERDELEN: 8}
    assert {e["cel"] for e in entries} == {"B", "C"}


def test_merge_small_leaves_everything_when_nothing_is_small():
    result, _m, entries = merge_small({"A": 5, "B": 0}, minimum=5, tabel="t")
    assert result == {"A": 5, "B": 0} and entries == []


def test_suppress_cross_hides_small_cells_and_enough_others_to_stop_subtraction():
    table = {"X": {"v": 10, "m": 2, "o": 0}, "Y": {"v": 8, "m": 7, "o": 0}}
    out, entries = suppress_cross(table, minimum=5, tabel="t")
    assert out["X"]["m"] is None
    # X's row total is published, so one more cell of X must go; then column m needs a second hidden cell too.
    hidden = {(r, c) for r, row in out.items() for c, v in row.items() if v is None}
    assert ("X", "v") in hidden and ("Y", "m") in hidden and ("Y", "v") in hidden
    assert out["X"]["o"] == 0
    assert any("aanvullend" in e["reden"] for e in entries)
    for row in out.values():
        assert sum(1 for v in row.values() if v is None) != 1
    for c in ("v", "m"):
        assert sum(1 for row in out.values() if row[c] is None) != 1


@pytest.fixture
def small_org(cast, build, d):
    """Minimum 5 (the default). Sociaal Domein has 6 VP-meldingen, Ruimte 4, Publiekszaken 1."""
    for i in range(6):
        build.dossier(datum=d(2025, 2, 1 + i), onderwerpen=["pesten"], onderdeel="Sociaal Domein",
                      geslacht="vrouw" if i < 5 else "man")
    build.dossier(datum=d(2025, 3, 1), onderwerpen=["discriminatie"], onderdeel="Ruimte", geslacht="man")
    build.dossier(datum=d(2025, 3, 2), onderwerpen=["discriminatie"], onderdeel="Ruimte", geslacht="vrouw")
    build.dossier(datum=d(2025, 3, 3), onderwerpen=["discriminatie"], onderdeel="Ruimte")
    build.dossier(datum=d(2025, 3, 4), onderwerpen=["discriminatie"], onderdeel="Ruimte")
    build.dossier(datum=d(2025, 3, 5), onderwerpen=["agressie en geweld"], onderdeel="Publiekszaken")
    for i in range(5):
        build.melding(datum=d(2025, 4, 1 + i), onderwerp="ongewenste omgangsvormen", onderdeel="Ruimte")
    build.melding(datum=d(2025, 5, 1), onderwerp="financiële schendingen", onderdeel="Publiekszaken")
    return compute_figures(cast.org, 2025)


def test_units_below_the_minimum_are_merged_and_listed(small_org):
    vp = small_org["vertrouwenspersonen"]
    assert vp["per_organisatieonderdeel"] == {"Sociaal Domein": 6, SAMENGEVOEGD_ONDERDELEN: 5}
    # Publiekszaken (1) alone would be a small merged row, so Ruimte (5) joins it.
    assert small_org["integriteit"]["per_organisatieonderdeel"] == {SAMENGEVOEGD_ONDERDELEN: 6}
    cellen = {(o["tabel"], o["cel"]) for o in small_org["onderdrukt"]}
    assert ("vertrouwenspersonen.per_organisatieonderdeel", "Ruimte") in cellen
    assert ("vertrouwenspersonen.per_organisatieonderdeel", "Publiekszaken") in cellen


def test_gender_within_unit_is_suppressed(small_org):
    cross = small_org["vertrouwenspersonen"]["geslacht_per_organisatieonderdeel"]
    assert cross["Sociaal Domein"]["Vrouw"] is None  # 5 itself is fine, but the lone man (1) would follow from it
    assert cross["Sociaal Domein"]["Man"] is None
    assert any(o["tabel"] == "vertrouwenspersonen.geslacht_per_organisatieonderdeel"
               for o in small_org["onderdrukt"])


def test_top_level_topic_totals_are_shown_as_they_are(small_org):
    vp = small_org["vertrouwenspersonen"]
    assert vp["per_onderwerp"]["agressie en geweld"] == 1
    assert vp["per_onderwerp"]["discriminatie"] == 4
    assert small_org["integriteit"]["per_onderwerp"]["financiële schendingen"] == 1


def test_appendix_merges_topics_rarer_than_the_minimum(small_org):
    bijlage = small_org["integriteit"]["bijlage"]
    onderwerpen = [r["onderwerp"] for r in bijlage]
    assert onderwerpen.count("ongewenste omgangsvormen") == 5
    assert "financiële schendingen" not in onderwerpen
    assert onderwerpen.count("Overig (samengevoegd)") == 1
    assert any(o["tabel"] == "integriteit.bijlage" for o in small_org["onderdrukt"])


def test_nothing_in_onderdrukt_reveals_a_small_number(small_org):
    for entry in small_org["onderdrukt"]:
        assert set(entry) == {"tabel", "cel", "reden", "maatregel"}


def test_json_download_does_not_list_the_suppressed_cells(small_org):
    """Report readers download the JSON: it must not tell them which small cells were hidden."""
    import json

    from reports.render import render_json

    assert small_org["onderdrukt"]  # the author's screen still gets the list
    onderdrukte_eenheden = {o["cel"] for o in small_org["onderdrukt"]
                            if o["tabel"] == "vertrouwenspersonen.per_organisatieonderdeel"}
    assert "Publiekszaken" in onderdrukte_eenheden
    tekst = render_json(small_org).decode("utf-8")
    assert "onderdrukt" not in json.loads(tekst)
    assert "Publiekszaken" not in tekst
    assert "Ruimte / " not in tekst and "Publiekszaken / " not in tekst
    assert "onderdrukt" in small_org  # rendering does not take it out of the figures themselves
