"""Every column of the VP-registratie import, its default and its error."""

import datetime

import pytest

from tests.uitwisseling.conftest import dossier, fouten, maak_csv, vp_import
from tests.vertrouwenspersonen.factories import met_oud_kenmerk
from uitwisseling.models import ImportRegel
from vertrouwenspersonen.models import Dossier, Gesprek


def _een(cast, **changes) -> Dossier:
    resultaat = vp_import(cast, maak_csv([dossier(**changes)]))
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    regel = ImportRegel.objects.get(organisatie=cast.org, register="vertrouwenspersonen",
                                    kenmerk=changes.get("kenmerk", "A1"))
    return Dossier.objects.get(pk=regel.object_id)


def _fout(cast, **changes):
    before = Dossier.objects.count()
    resultaat = vp_import(cast, maak_csv([dossier(**changes)]))
    assert not resultaat.ok
    assert Dossier.objects.count() == before
    return resultaat.fouten


def test_a_minimal_row_gives_an_open_melding_dossier_of_the_importing_vp(cast):
    d = _een(cast)
    assert d.eigenaar == cast.vp and not d.vp_extern and d.organisatie == cast.org
    assert (d.soort_contact, d.status, d.afgesloten_op, d.verzuim, d.geslacht) == ("melding", "open", None, "onbekend", "")
    assert [c.code for c in d.onderwerpen.all()] == ["pesten"]
    assert d.onderdeel.naam == "Ruimte" and d.eerste_contact == datetime.date(2023, 3, 1)
    assert d.notitie == ""


def test_external_vp_snapshot(cast):
    resultaat = vp_import(cast, maak_csv([dossier()]), door=cast.vp2, eigenaar=cast.vp2)
    assert resultaat.ok
    assert Dossier.objects.get(eigenaar=cast.vp2).vp_extern


@pytest.mark.parametrize("text", ["2023-03-01", "01-03-2023"])
def test_both_date_formats(cast, text):
    assert _een(cast, datum_eerste_contact=text).eerste_contact == datetime.date(2023, 3, 1)


def test_onderwerpen_several_and_subtopics(cast):
    d = _een(cast, onderwerpen="Pesten; integriteit – fraude;discriminatie.")
    assert sorted(c.code for c in d.onderwerpen.all()) == ["discriminatie", "integriteit-fraude", "pesten"]


def test_onderwerpen_required_for_a_melding_only(cast):
    [fout] = _fout(cast, onderwerpen="")
    assert (fout.kolom, fout.probleem) == ("onderwerpen", "Bij een melding is ten minste één onderwerp verplicht.")
    d = _een(cast, onderwerpen="", soort_contact="Informatieverzoek")
    assert d.soort_contact == "informatieverzoek" and not d.onderwerpen.exists()


def test_unknown_onderwerp_names_the_part_and_lists_allowed(cast):
    [fout] = _fout(cast, onderwerpen="pesten; roddelen")
    assert fout.kolom == "onderwerpen" and "pesten" in fout.toegestaan and "integriteit – fraude" in fout.toegestaan


@pytest.mark.parametrize(("kolom", "text", "veld", "value"), [
    ("soort_contact", "arbeidsconflict", "soort_contact", "arbeidsconflict"),
    ("geslacht", "Vrouw", "geslacht", "vrouw"),
    ("geslacht", "m", "geslacht", "man"),
    ("geslacht", "onbekend", "geslacht", "onbekend"),
    ("relatie_veroorzaker", "Collega('s)", "relatie_veroorzaker", "collega"),
    ("relatie_veroorzaker", "hoger management", "relatie_veroorzaker", "hoger_management"),
    ("resultaat", "Bespreekbaar gemaakt.", "resultaat", "bespreekbaar"),
    ("verzuim_bij_aanmelding", "ja", "verzuim", "ja"),
    ("verzuim_bij_aanmelding", "Nee", "verzuim", "nee"),
])
def test_single_choice_columns(cast, kolom, text, veld, value):
    assert getattr(_een(cast, **{kolom: text}), veld) == value


@pytest.mark.parametrize("kolom", ["soort_contact", "geslacht", "relatie_veroorzaker", "resultaat",
                                   "verzuim_bij_aanmelding", "soort_hulpvraag", "verwezen_naar", "vervolg"])
def test_choice_columns_reject_unknown_values_listing_allowed(cast, kolom):
    [fout] = _fout(cast, **{kolom: "iets anders"})
    assert fout.kolom == kolom and fout.toegestaan and fout.waarde == "iets anders"


def test_multi_value_lists_go_to_child_tables(cast):
    d = _een(cast, soort_hulpvraag="Informatie en advies; bemiddeling", verwezen_naar="bedrijfsarts;HR-adviseur;bmw",
             vervolg="klacht ingediend")
    assert sorted(d.hulpvragen.values_list("waarde", flat=True)) == ["bemiddeling", "informatie"]
    assert sorted(d.verwijzingen.values_list("waarde", flat=True)) == ["bedrijfsarts", "bmw", "hr"]
    assert list(d.vervolgen.values_list("waarde", flat=True)) == ["klacht"]


def test_a_value_twice_in_a_list_counts_once(cast):
    d = _een(cast, soort_hulpvraag="bemiddeling; Bemiddeling.")
    assert d.hulpvragen.count() == 1


def test_aantal_gesprekken_creates_conversations_without_notes(cast):
    d = _een(cast, aantal_gesprekken="3")
    gesprekken = list(Gesprek.objects.filter(dossier=d))
    assert len(gesprekken) == 3
    assert {(g.datum, g.notitie, g.gevoerd_door_id) for g in gesprekken} == {(d.eerste_contact, "", cast.vp.pk)}
    assert _een(cast, kenmerk="A2").gesprekken.count() == 1  # default
    assert _een(cast, kenmerk="A3", aantal_gesprekken="0").gesprekken.count() == 0


@pytest.mark.parametrize("text", ["drie", "2.5", "-1", "501"])
def test_aantal_gesprekken_errors(cast, text):
    [fout] = _fout(cast, aantal_gesprekken=text)
    assert fout.kolom == "aantal_gesprekken"


def test_datum_afgesloten_closes_the_dossier(cast):
    d = _een(cast, datum_afgesloten="30-04-2023")
    assert (d.status, d.afgesloten_op) == ("afgesloten", datetime.date(2023, 4, 30))
    [fout] = _fout(cast, kenmerk="A2", datum_afgesloten="2023-01-01")
    assert fout.kolom == "datum_afgesloten"


def test_organisatieonderdeel_is_optional_for_a_vp_dossier_but_must_exist_when_given(cast):
    assert vp_import(cast, maak_csv([dossier(organisatieonderdeel="")])).ok
    [fout] = _fout(cast, kenmerk="A9", organisatieonderdeel="Bestaat niet")
    assert fout.kolom == "organisatieonderdeel"


def test_rerun_skips_by_kenmerk_and_rows_without_kenmerk_by_content(cast):
    rows = [dossier(), dossier(kenmerk=""), dossier(kenmerk="")]
    first = vp_import(cast, maak_csv(rows))
    assert first.ok and first.aangemaakt == 3
    second = vp_import(cast, maak_csv(rows))
    assert second.ok and second.aangemaakt == 0 and len(second.overgeslagen) == 3
    assert Dossier.objects.filter(organisatie=cast.org).count() == 3


def test_exported_own_kenmerk_is_recognised(cast):
    d = _een(cast)
    resultaat = vp_import(cast, maak_csv([dossier(kenmerk=d.kenmerk)]))
    assert resultaat.ok and resultaat.aangemaakt == 0 and resultaat.overgeslagen[0][1].startswith("VP-")


def test_duplicate_kenmerk_within_file(cast):
    resultaat = vp_import(cast, maak_csv([dossier(), dossier()]))
    assert fouten(resultaat) == [(3, "kenmerk")]


def test_a_kenmerk_from_before_the_per_year_numbering_is_still_recognised(cast):
    d = _een(cast)
    oud = met_oud_kenmerk(d)
    resultaat = vp_import(cast, maak_csv([dossier(kenmerk=oud.lower()), dossier(kenmerk="VP-2023-999")]))
    assert resultaat.ok and resultaat.aangemaakt == 1, [f.als_tekst() for f in resultaat.fouten]
    assert [(rij, kenmerk) for rij, kenmerk, _reden in resultaat.overgeslagen] == [(2, oud.lower())]


def test_another_vps_kenmerk_in_either_format_is_not_recognised(cast):
    assert vp_import(cast, maak_csv([dossier(kenmerk="B1")]), door=cast.vp2, eigenaar=cast.vp2).ok
    van_vp2 = Dossier.objects.get(eigenaar=cast.vp2)
    for kenmerk in (van_vp2.kenmerk, met_oud_kenmerk(van_vp2)):
        resultaat = vp_import(cast, maak_csv([dossier(kenmerk=kenmerk)]), proef=True)
        assert resultaat.ok and resultaat.overgeslagen == [] and len(resultaat.te_maken) == 1
