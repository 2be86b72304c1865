"""Every column of the meldingenregister import: how it is read, its default, and the error it gives."""

import datetime

import pytest

from meldingen.models import (
    Betrokkene,
    Feitenonderzoek,
    InternTraject,
    KenmerkTeller,
    Maatregel,
    Melding,
    Status,
    StatusWijziging,
    Termijn,
)
from taxonomie.models import Categorie, Soort
from tests.uitwisseling.conftest import fouten, integriteit, maak_csv, melding


def _een(cast, **changes) -> Melding:
    resultaat = integriteit(cast, maak_csv([melding(**changes)]))
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    return Melding.objects.get(organisatie=cast.org, kenmerk=changes.get("kenmerk", "2023-001"))


def _fout(cast, **changes):
    before = Melding.objects.filter(organisatie=cast.org).count()
    resultaat = integriteit(cast, maak_csv([melding(**changes)]))
    assert not resultaat.ok
    assert Melding.objects.filter(organisatie=cast.org).count() == before
    return resultaat.fouten


@pytest.mark.parametrize("text", ["2023-03-01", "01-03-2023", "1-3-2023", "2023-3-1"])
def test_it_reads_both_date_formats(cast, text):
    assert _een(cast, datum_ontvangst=text).ontvangen_op == datetime.date(2023, 3, 1)


@pytest.mark.parametrize("text", ["2023/03/01", "31-02-2023", "gisteren", "03-2023", "2999-01-01", "1970-01-01"])
def test_it_rejects_bad_dates_with_the_formats(cast, text):
    [fout] = _fout(cast, datum_ontvangst=text)
    assert (fout.rij, fout.kolom, fout.waarde) == (2, "datum_ontvangst", text)
    assert fout.toegestaan == ["JJJJ-MM-DD", "DD-MM-JJJJ"]


def test_required_columns_must_have_a_value(cast):
    errors = _fout(cast, datum_ontvangst="", onderwerp=" ", bron="")
    assert {(f.kolom, f.probleem) for f in errors} == {
        (k, "Deze kolom is verplicht maar de cel is leeg.") for k in ("datum_ontvangst", "onderwerp", "bron")
    }


@pytest.mark.parametrize("text", ["Financiële schendingen", "FINANCIELE SCHENDINGEN.", "  financiële schendingen ",
                                  "financiele-schendingen", "Financiële  schendingen."])
def test_onderwerp_matches_label_or_code_ignoring_case_accents_spaces_and_full_stop(cast, text):
    assert _een(cast, onderwerp=text).onderwerp.code == "financiele-schendingen"


def test_unknown_onderwerp_lists_the_allowed_values(cast):
    [fout] = _fout(cast, onderwerp="Diefstal")
    assert fout.kolom == "onderwerp" and "Onbekende onderwerp" in fout.probleem
    assert "financiële schendingen" in fout.toegestaan and len(fout.toegestaan) == 9


def test_a_category_retired_later_still_counts_in_its_own_year(cast):
    oud = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).get(code="financiele-schendingen")
    Categorie.objects.filter(pk=oud.pk).update(geldig_tot=datetime.date(2023, 6, 30))
    assert _een(cast, datum_ontvangst="2023-03-01").onderwerp == oud
    [fout] = _fout(cast, kenmerk="2024-001", datum_ontvangst="2024-03-01")
    assert fout.kolom == "onderwerp" and "geldig in 2024" in fout.probleem
    assert "financiële schendingen" not in fout.toegestaan


def test_a_category_not_yet_valid_is_refused(cast):
    Categorie.objects.create(organisatie=cast.org, soort=Soort.INTEGRITEIT_ONDERWERP, label="Nieuw soort",
                             code="nieuw-soort", geldig_van=datetime.date(2024, 1, 1))
    [fout] = _fout(cast, onderwerp="nieuw soort")
    assert fout.kolom == "onderwerp"
    assert _een(cast, kenmerk="2024-001", datum_ontvangst="2024-02-02", onderwerp="nieuw soort").onderwerp.code == "nieuw-soort"


@pytest.mark.parametrize(("text", "value"), [("intern", "intern"), ("Extern", "extern"), ("Intern (medewerker)", "intern")])
def test_bron(cast, text, value):
    assert _een(cast, bron=text).bron == value


def test_bron_error_lists_intern_and_extern(cast):
    [fout] = _fout(cast, bron="burger")
    assert fout.toegestaan == ["intern", "extern"]


def test_kanaal_defaults_to_coordinator_and_matches_labels(cast):
    assert _een(cast).kanaal == "coordinator"
    assert _een(cast, kenmerk="2023-002", kanaal="via vertrouwenspersoon").kanaal == "vertrouwenspersoon"
    assert _een(cast, kenmerk="2023-003", kanaal="Centraal meldpunt.").kanaal == "meldpunt"


def test_kanaal_unknown_is_an_error(cast):
    [fout] = _fout(cast, kanaal="per brief")
    assert fout.kolom == "kanaal" and "meldpunt" in fout.toegestaan


def test_spoor_given_or_derived(cast):
    assert _een(cast, spoor="misstand").spoor == "misstand"
    assert _een(cast, kenmerk="2023-002", onderwerp="ongewenste omgangsvormen").spoor == "ongewenst_gedrag"
    assert _een(cast, kenmerk="2023-003", onderwerp="misstand (klokkenluidersregeling)").spoor == "misstand"
    assert _een(cast, kenmerk="2023-004", intern_traject="ja").spoor == "ongewenst_gedrag"
    assert _een(cast, kenmerk="2023-005").spoor == "integriteit"


def test_organisatieonderdeel_must_exist_that_year(cast):
    assert _een(cast, organisatieonderdeel="sociaal domein").onderdeel.naam == "Sociaal Domein"
    [fout] = _fout(cast, kenmerk="2023-002", organisatieonderdeel="Stadhuis")  # Anderstad's unit
    assert fout.kolom == "organisatieonderdeel" and "Publiekszaken" in fout.toegestaan and "Stadhuis" not in fout.toegestaan


@pytest.mark.parametrize("kolom", ["feitenonderzoek", "intern_traject", "aangifte"])
def test_ja_nee_columns(cast, kolom):
    errors = _fout(cast, **{kolom: "misschien"})
    assert [(f.kolom, f.toegestaan) for f in errors] == [(kolom, ["ja", "nee"])]


def test_feitenonderzoek_and_intern_traject_create_their_records(cast):
    m = _een(cast, feitenonderzoek="Ja", intern_traject="nee", datum_afgehandeld="2023-05-01")
    onderzoek = Feitenonderzoek.objects.get(melding=m)
    assert onderzoek.startdatum == m.ontvangen_op and onderzoek.einddatum == datetime.date(2023, 5, 1)
    assert m.beoordeling == "feitenonderzoek"
    assert not InternTraject.objects.filter(melding=m).exists()
    m2 = _een(cast, kenmerk="2023-002", intern_traject="j")
    assert InternTraject.objects.filter(melding=m2, startdatum=m2.ontvangen_op).exists()


def test_defaults_nee_and_one_betrokkene_without_bevinding(cast):
    m = _een(cast)
    assert not m.aangifte and not m.onderzoeken.exists() and not m.trajecten.exists()
    [b] = Betrokkene.objects.filter(melding=m)
    assert (b.volgnummer, b.functiecategorie, b.bevinding) == (1, "onbekend", None)


def test_bevinding_and_gevolg_go_to_every_betrokkene(cast):
    m = _een(cast, bevinding="integriteitsschending vastgesteld", gevolg="officiële waarschuwing; Loonmaatregel.",
             aantal_betrokkenen="3", datum_afgehandeld="2023-04-01")
    betrokkenen = list(m.betrokkenen.order_by("volgnummer"))
    assert [b.pseudoniem for b in betrokkenen] == ["B1", "B2", "B3"]
    assert {b.bevinding.code for b in betrokkenen} == {"integriteitsschending-vastgesteld"}
    maatregelen = Maatregel.objects.filter(betrokkene__melding=m)
    assert maatregelen.count() == 6
    assert {mt.soort.code for mt in maatregelen} == {"officiele-waarschuwing", "loonmaatregel"}
    assert {mt.besloten_op for mt in maatregelen} == {datetime.date(2023, 4, 1)}


def test_gevolg_nvt_means_no_measure(cast):
    m = _een(cast, gevolg="n.v.t.", bevinding="geen integriteitsschending vastgesteld")
    assert not Maatregel.objects.filter(betrokkene__melding=m).exists()
    assert m.betrokkenen.get().bevinding.code == "geen-integriteitsschending-vastgesteld"


def test_gevolg_unknown_part_is_named(cast):
    [fout] = _fout(cast, gevolg="officiële waarschuwing; strafontslag")
    assert fout.kolom == "gevolg" and "geen maatregel" in fout.toegestaan


def test_bevinding_unknown(cast):
    [fout] = _fout(cast, bevinding="schuldig")
    assert fout.kolom == "bevinding" and "arbeidsconflict" in fout.toegestaan


@pytest.mark.parametrize(("text", "error"), [("twee", True), ("-1", True), ("1,5", True), ("101", True), ("0", False),
                                             ("2", False)])
def test_aantal_betrokkenen(cast, text, error):
    resultaat = integriteit(cast, maak_csv([melding(aantal_betrokkenen=text)]))
    assert (not resultaat.ok) == error
    if error:
        assert fouten(resultaat) == [(2, "aantal_betrokkenen")]
        assert resultaat.fouten[0].toegestaan == ["een geheel getal van 0 tot en met 100"]
    else:
        assert Betrokkene.objects.filter(melding__organisatie=cast.org).count() == int(text)


def test_zero_betrokkenen_with_a_bevinding_is_an_error(cast):
    [fout] = _fout(cast, aantal_betrokkenen="0", bevinding="arbeidsconflict")
    assert fout.kolom == "aantal_betrokkenen"


def test_status_defaults_from_datum_afgehandeld(cast):
    open_ = _een(cast)
    assert open_.status == Status.IN_BEHANDELING and open_.afgehandeld_op is None
    closed = _een(cast, kenmerk="2023-002", datum_afgehandeld="15-06-2023")
    assert closed.status == Status.AFGEHANDELD and closed.afgehandeld_op == datetime.date(2023, 6, 15)


def test_status_history_is_written_like_the_workflow(cast):
    m = _een(cast, datum_afgehandeld="2023-06-15")
    history = list(StatusWijziging.objects.filter(melding=m).order_by("tijdstip", "id"))
    assert [(h.van_status, h.naar_status) for h in history] == [("", "ontvangen"), ("ontvangen", "afgehandeld")]
    assert history[-1].reden and m.huidige_wijziging_id == history[-1].pk
    assert m.omschrijving.startswith("Overgenomen")  # a fixed note: no free text is imported


def test_explicit_status_values(cast):
    assert _een(cast, status="Besluitvorming").status == "besluitvorming"
    assert _een(cast, kenmerk="2023-002", status="ontvangen").statuswijzigingen.count() == 1
    assert _een(cast, kenmerk="2023-003", status="feitenonderzoek", feitenonderzoek="ja").status == "feitenonderzoek"


@pytest.mark.parametrize(("changes", "kolom"), [
    ({"status": "gesloten"}, "status"),
    ({"status": "afgehandeld"}, "datum_afgehandeld"),
    ({"status": "in behandeling", "datum_afgehandeld": "2023-05-01"}, "status"),
    ({"datum_afgehandeld": "2023-02-01"}, "datum_afgehandeld"),
    ({"status": "feitenonderzoek"}, "feitenonderzoek"),
])
def test_status_errors(cast, changes, kolom):
    errors = _fout(cast, **changes)
    assert [f.kolom for f in errors] == [kolom]


def test_open_wbk_melding_gets_its_deadline_closed_one_does_not(cast):
    open_ = _een(cast)
    closed = _een(cast, kenmerk="2023-002", datum_afgehandeld="2023-04-01")
    assert Termijn.objects.filter(melding=open_, soort="ontvangstbevestiging").count() == 1
    assert not Termijn.objects.filter(melding=closed).exists()


def test_kenmerk_kept_generated_and_counter_moved_past_it(cast):
    rows = [melding(kenmerk="2023-041"), melding(kenmerk=""), melding(kenmerk="OUD/17")]
    assert integriteit(cast, maak_csv(rows)).ok
    kenmerken = set(Melding.objects.filter(organisatie=cast.org).values_list("kenmerk", flat=True))
    assert kenmerken == {"2023-041", "2023-042", "OUD/17"}
    assert KenmerkTeller.objects.get(organisatie=cast.org, jaar=2023).laatste == 43
    assert Melding.objects.get(kenmerk="2023-041").volgnummer == 41


def test_later_generated_kenmerk_does_not_collide(cast):
    from meldingen import services

    today = datetime.date.today()
    assert integriteit(cast, maak_csv([melding(kenmerk=f"{today.year}-007", datum_ontvangst=today.isoformat())])).ok
    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()
    nieuw = services.melding_create(organisatie=cast.org, door=cast.coordinator, ontvangen_op=today, kanaal="coordinator",
                                    bron="intern", spoor="integriteit", onderwerp=onderwerp, omschrijving="x")
    assert nieuw.kenmerk == f"{today.year}-008"


def test_duplicate_kenmerk_in_file_and_taken_number(cast):
    resultaat = integriteit(cast, maak_csv([melding(), melding(datum_ontvangst="2023-04-01")]))
    assert fouten(resultaat) == [(3, "kenmerk")] and "rij 2" in resultaat.fouten[0].probleem
    assert integriteit(cast, maak_csv([melding(kenmerk="X-1")])).ok  # takes volgnummer 1 of 2023
    resultaat = integriteit(cast, maak_csv([melding(kenmerk="2023-001")]))
    assert fouten(resultaat) == [(2, "kenmerk")]


def test_kenmerk_too_long(cast):
    [fout] = _fout(cast, kenmerk="K" * 21)
    assert fout.kolom == "kenmerk"


def test_all_errors_of_a_row_are_reported_together(cast):
    resultaat = integriteit(cast, maak_csv([melding(bron="x", kanaal="y", aangifte="z", datum_ontvangst="nee")]))
    assert {k for _r, k in fouten(resultaat)} == {"bron", "kanaal", "aangifte", "datum_ontvangst"}
