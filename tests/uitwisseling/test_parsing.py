"""Reading files: separators, BOM, XLSX, headers, and a property test that no cell text can break the importer."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldingen.models import Melding
from tests.uitwisseling.conftest import fouten, integriteit, maak_csv, maak_xlsx, melding
from uitwisseling import parsing
from uitwisseling.matching import Keuzelijst, Onbekend, normaliseer


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_both_separators_with_and_without_bom(cast, sep, bom):
    rows = [melding(onderwerp="misbruik van positie en belangenverstrengeling", gevolg="officiële waarschuwing; loonmaatregel",
                    datum_afgehandeld="2023-05-01", bevinding="integriteitsschending vastgesteld")]
    resultaat = integriteit(cast, maak_csv(rows, sep=sep, bom=bom))
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    assert Melding.objects.get(organisatie=cast.org).betrokkenen.get().maatregelen.count() == 2


def test_separator_detection_ignores_quoted_text():
    assert parsing.detecteer_scheidingsteken('"a;b;c",d') == ","
    assert parsing.detecteer_scheidingsteken("kenmerk;datum_ontvangst;onderwerp") == ";"
    assert parsing.detecteer_scheidingsteken("kenmerk") == ","


def test_xlsx_with_real_dates_and_numbers(cast):
    rows = [melding(datum_ontvangst=datetime.datetime(2023, 3, 1), aantal_betrokkenen=2, kenmerk="2023-001", aangifte=None),
            melding(kenmerk="2023-002", datum_ontvangst="02-03-2023", aantal_betrokkenen=1.0, aangifte=True)]
    resultaat = integriteit(cast, maak_xlsx(rows))
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    assert resultaat.formaat == "xlsx"
    first = Melding.objects.get(kenmerk="2023-001")
    assert first.ontvangen_op == datetime.date(2023, 3, 1) and first.betrokkenen.count() == 2
    assert Melding.objects.get(kenmerk="2023-002").aangifte


def test_header_names_are_case_and_space_insensitive(cast):
    data = " Kenmerk ,DATUM ONTVANGST,Onderwerp,BrOn\n2023-001,2023-03-01,financiële schendingen,intern\n".encode()
    assert integriteit(cast, data).ok


def test_unknown_duplicate_and_missing_columns_are_errors_on_row_1(cast):
    data = maak_csv([{**melding(), "opmerking": "x"}])
    resultaat = integriteit(cast, data)
    assert fouten(resultaat) == [(1, "opmerking")] and "kenmerk" in resultaat.fouten[0].toegestaan
    data = maak_csv([melding()], header=["kenmerk", "datum_ontvangst", "onderwerp", "bron", "Bron"])
    assert fouten(integriteit(cast, data)) == [(1, "Bron")]
    data = maak_csv([melding()], header=["kenmerk", "datum_ontvangst", "bron"])
    assert fouten(integriteit(cast, data)) == [(1, "onderwerp")]
    assert not Melding.objects.exists()


def test_extra_cells_beyond_the_header(cast):
    data = b"kenmerk,datum_ontvangst,onderwerp,bron\n2023-001,2023-03-01,fraude?,intern,extra\n"
    resultaat = integriteit(cast, data)
    assert (2, "") in fouten(resultaat)


def test_empty_lines_are_skipped_and_row_numbers_follow_the_sheet(cast):
    data = b"kenmerk,datum_ontvangst,onderwerp,bron\n\n2023-001,2023-03-01,financiele schendingen,intern\n,,,\n2023-002,x,financiele schendingen,intern\n"
    resultaat = integriteit(cast, data)
    assert fouten(resultaat) == [(5, "datum_ontvangst")]


@pytest.mark.parametrize(("data", "naam", "woord"), [
    (b"", "leeg.csv", "leeg"),
    ("kenmerk;datum\n2023;é".encode("latin-1"), "oud.csv", "UTF-8"),
    (b"PK\x03\x04garbage", "kapot.xlsx", "XLSX"),
    (b"kenmerk", "x.xlsx", ".xlsx"),
    (b"\x00\x01", "bin.csv", "binaire"),
])
def test_unreadable_files_give_one_clear_error(cast, data, naam, woord):
    resultaat = integriteit(cast, data, bestandsnaam=naam)
    assert len(resultaat.fouten) == 1 and woord in resultaat.fouten[0].probleem


def test_normalisation():
    assert normaliseer("  Financiële Schendingen. ") == "financiele schendingen"
    assert normaliseer("'=SOM(A1)") == "=som(a1)"
    assert normaliseer(None) == ""
    lijst = Keuzelijst("test")
    lijst.voeg_toe(1, "In behandeling", "in_behandeling")
    assert lijst.zoek("IN-BEHANDELING") == 1 and lijst.zoek("in behandeling.") == 1
    with pytest.raises(Onbekend) as exc:
        lijst.zoek("klaar")
    assert exc.value.toegestaan == ["In behandeling"]


def test_ambiguous_label_asks_for_the_code():
    lijst = Keuzelijst("onderwerp")
    lijst.voeg_toe("a", "Overig", "a-overig")
    lijst.voeg_toe("b", "Overig", "b-overig")
    with pytest.raises(Onbekend, match="niet eenduidig"):
        lijst.zoek("overig")
    assert lijst.zoek("b-overig") == "b"


cell_text = st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "ja", "2023-01-01", "31-12-2023", "n.v.t.", ";;",
                                                           "=1+1", "\"", "é", "0", "-1"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(cell_text, min_size=15, max_size=15), sep=st.sampled_from([",", ";"]))
def test_arbitrary_cell_text_never_raises_and_never_writes_on_error(cast, cells, sep):
    from uitwisseling.columns import kolomnamen

    header = kolomnamen("meldingen")
    before = Melding.objects.count()
    resultaat = integriteit(cast, maak_csv([dict(zip(header, cells, strict=True))], sep=sep), proef=True)
    assert Melding.objects.count() == before  # a dry run never writes
    for fout in resultaat.fouten:
        assert isinstance(fout.probleem, str) and fout.probleem
    if not resultaat.ok:
        real = integriteit(cast, maak_csv([dict(zip(header, cells, strict=True))], sep=sep))
        assert not real.ok and Melding.objects.count() == before


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data):
    try:
        tabel = parsing.lees_bestand(data, "x.csv")
    except parsing.Bestandsfout:
        return
    assert isinstance(tabel.kop, list)


def test_too_many_rows_is_one_clear_error(cast, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_RIJEN", 3)
    rows = [melding(kenmerk=f"2023-00{i}") for i in range(1, 6)]
    for data in (maak_csv(rows), maak_xlsx(rows)):
        resultaat = integriteit(cast, data)
        assert len(resultaat.fouten) == 1 and "meer dan 3 rijen" in resultaat.fouten[0].probleem


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(cell_text, min_size=14, max_size=14))
def test_arbitrary_vp_cells_never_raise_and_never_write_on_error(cast, cells):
    from tests.uitwisseling.conftest import vp_import
    from uitwisseling.columns import kolomnamen
    from vertrouwenspersonen.models import Dossier

    before = Dossier.objects.count()
    resultaat = vp_import(cast, maak_csv([dict(zip(kolomnamen("vertrouwenspersonen"), cells, strict=True))]))
    assert all(isinstance(f.probleem, str) and f.probleem for f in resultaat.fouten)
    assert Dossier.objects.count() == before + (resultaat.aangemaakt if resultaat.ok else 0)
