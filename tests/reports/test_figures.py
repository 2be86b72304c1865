"""Figures on hand-counted fixtures. Every expected number below was counted by hand from the records built here."""

import datetime
import zoneinfo

import pytest
import time_machine

from meldingen import services as mservices
from meldingen.models import TermijnSoort
from reports.figures import SCHEMA, compute_figures
from reports.figures.integriteit import bijlage_gegroepeerd
from taxonomie.models import Categorie, Soort
from tests.reports.conftest import unit
from vertrouwenspersonen import services as vpservices

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def afhandelen(melding, door, op: datetime.date):
    with time_machine.travel(datetime.datetime(op.year, op.month, op.day, 12, tzinfo=AMS), tick=False):
        mservices.melding_update(melding=melding, door=door, versie=melding.versie, beoordeling="in_de_lijn")
        melding.refresh_from_db()
        mservices.melding_change_status(melding=melding, naar="in_behandeling", door=door, versie=melding.versie)
        mservices.melding_change_status(melding=melding, naar="afgehandeld", door=door, versie=melding.versie,
                                        reden="klaar")


@pytest.fixture
def data(cast, build):
    """2025 for Gemeente Voorbeeldstad, with records just outside the year on both sides."""
    org, d = cast.org, datetime.date
    org.minimum_celgrootte = 1  # this fixture checks counting; suppression has its own tests
    org.save()
    # A retired topic and a renamed unit: "Publiekszaken" became "Dienstverlening" on 1 July 2025.
    oud = Categorie.objects.create(organisatie=org, soort=Soort.VP_ONDERWERP, label="oud onderwerp", code="oud",
                                   volgorde=99, geldig_van=d(2000, 1, 1), geldig_tot=d(2025, 6, 30))
    publiekszaken = unit(org, "Publiekszaken")
    publiekszaken.geldig_tot = d(2025, 6, 30)
    publiekszaken.save()
    from accounts.services import onderdeel_create

    onderdeel_create(organisatie=org, naam="Dienstverlening", geldig_van=d(2025, 7, 1))

    d1 = build.dossier(datum=d(2025, 1, 1), onderwerpen=["intimidatie", "pesten"], geslacht="vrouw",
                       relatie_veroorzaker="leidinggevende", verzuim="ja", hulpvragen=["informatie", "uiten"],
                       verwijzingen=["hr"], vervolgen=["klacht"])
    d2 = build.dossier(datum=d(2025, 12, 31), onderwerpen=["intimidatie"], onderdeel="Ruimte", geslacht="man",
                       vp=cast.vp2, hulpvragen=["informatie"])
    build.dossier(datum=d(2025, 3, 1), onderwerpen=[oud], verzuim="nee")
    build.dossier(datum=d(2025, 6, 1), soort="informatieverzoek", onderwerpen=["geen ongewenst gedrag"])
    build.dossier(datum=d(2025, 6, 2), soort="arbeidsconflict")
    build.dossier(datum=d(2024, 12, 31))  # previous year
    build.dossier(datum=d(2026, 1, 1), onderdeel="Dienstverlening")  # next year
    vpservices.gesprek_create(dossier=d1, door=cast.vp, datum=d(2025, 2, 1), vorm="fysiek", duur_minuten=60)
    vpservices.gesprek_create(dossier=d2, door=cast.vp2, datum=d(2026, 1, 2), vorm="online", duur_minuten=30)
    vpservices.activiteit_opslaan(organisatie=org, door=cast.vp, soort="spreekuur", datum=d(2025, 3, 1), uren=2)
    vpservices.activiteit_opslaan(organisatie=org, door=cast.vp, soort="training", datum=d(2025, 4, 1), uren="3.5")

    # Integrity: M1 at 31 December 23:59 local time belongs to 2025; M2 one minute later to 2026.
    m1 = build.melding(datum=datetime.datetime(2025, 12, 31, 23, 59, tzinfo=AMS), onderdeel="Dienstverlening")
    build.melding(datum=datetime.datetime(2026, 1, 1, 0, 0, tzinfo=AMS), onderdeel="Ruimte")
    build.betrokkene(m1, bevinding="integriteitsschending vastgesteld", maatregelen=["officiële waarschuwing"])
    build.betrokkene(m1, bevinding="integriteitsschending vastgesteld",
                     maatregelen=["officiële waarschuwing", "loonmaatregel"])
    build.onderzoek(m1)
    m3 = build.melding(datum=d(2025, 3, 1), onderwerp="ongewenste omgangsvormen", onderdeel="Ruimte", bron="extern",
                       kanaal="anoniem", spoor="ongewenst_gedrag", aangifte=True)
    mservices.traject_create(melding=m3, door=cast.coordinator, startdatum=d(2025, 3, 10))
    afhandelen(m3, cast.coordinator, d(2025, 4, 1))  # 31 days
    m5 = build.melding(datum=d(2025, 2, 1), onderwerp="misbruik van bevoegdheden", onderdeel="Bedrijfsvoering")
    afhandelen(m5, cast.coordinator, d(2026, 2, 1))  # open on 31 December
    build.melding(datum=d(2024, 5, 5))  # previous year

    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=AMS), tick=False):
        t1 = m1.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING)
        mservices.termijn_voldaan(termijn=t1, voldaan_op=d(2026, 1, 5), door=cast.coordinator)  # on time
        t5 = m5.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING)
        mservices.termijn_voldaan(termijn=t5, voldaan_op=d(2025, 2, 20), door=cast.coordinator)  # late
        k5 = m5.termijnen.get(soort=TermijnSoort.TERUGKOPPELING)
        mservices.termijn_voldaan(termijn=k5, voldaan_op=d(2025, 5, 1), door=cast.coordinator)  # on time
        # M1's terugkoppeling (due April 2026) was never given: late.
        return compute_figures(org, 2025)


def test_vp_totals_count_each_contact_kind_apart_and_respect_the_year(data):
    vp = data["vertrouwenspersonen"]
    assert data["schema"] == SCHEMA
    assert data["organisatie"] == "Gemeente Voorbeeldstad"
    assert data["jaar"] == 2025
    assert vp["aantal_meldingen"] == 3
    assert vp["aantal_informatieverzoeken"] == 1
    assert vp["aantal_arbeidsconflicten"] == 1


def test_multi_topic_meldingen_count_under_every_topic_and_percentages_are_of_meldingen(data):
    vp = data["vertrouwenspersonen"]
    assert vp["per_onderwerp"]["intimidatie"] == 2
    assert vp["per_onderwerp"]["pesten"] == 1
    assert vp["per_onderwerp"]["discriminatie"] == 0
    assert sum(vp["per_onderwerp"].values()) == 4  # above the 3 meldingen: one melding has two topics
    assert vp["per_onderwerp_procent"]["intimidatie"] == 67
    assert vp["per_onderwerp_procent"]["pesten"] == 33
    assert all(isinstance(v, int) for v in vp["per_onderwerp_procent"].values())


def test_retired_topic_and_renamed_unit_report_under_their_names_of_that_year(data):
    vp = data["vertrouwenspersonen"]
    assert vp["per_onderwerp"]["oud onderwerp"] == 1
    assert vp["per_organisatieonderdeel"] == {"Publiekszaken": 2, "Ruimte": 1}
    assert data["integriteit"]["per_organisatieonderdeel"] == {
        "Bedrijfsvoering": 1, "Dienstverlening": 1, "Ruimte": 1,
    }


def test_vp_breakdowns(data):
    vp = data["vertrouwenspersonen"]
    assert vp["per_geslacht"]["Vrouw"] == 1
    assert vp["per_geslacht"]["Man"] == 1
    assert vp["per_geslacht"]["Onbekend / niet vastgelegd"] == 1  # blank counts as not recorded
    assert vp["per_relatie_veroorzaker"]["Leidinggevende (hiërarchisch hoger)"] == 1
    assert vp["per_soort_hulpvraag"]["Informatie en advies"] == 2
    assert vp["per_soort_hulpvraag"]["Gelegenheid tot uiten (hart luchten)"] == 1
    assert vp["per_verwijzing"]["HR-adviseur"] == 1
    assert vp["per_vervolg"]["Klacht ingediend"] == 1
    assert vp["verzuim_bij_aanmelding"] == {"Ja": 1, "Nee": 1, "Onbekend": 1}
    assert vp["intern_extern"] == {"intern": 2, "extern": 1}
    assert vp["aantal_gesprekken"] == 1
    assert vp["activiteiten"]["Spreekuur"] == {"aantal": 1, "uren": 2.0}
    assert vp["activiteiten"]["Training / workshop"] == {"aantal": 1, "uren": 3.5}
    assert vp["activiteiten_totaal"] == {"aantal": 2, "uren": 5.5}


def test_integrity_figures(data):
    it = data["integriteit"]
    assert it["aantal_meldingen"] == 3  # M1 (31 Dec 23:59), M3, M5; not M2 (1 Jan 00:00) nor 2024
    assert it["per_onderwerp"]["financiële schendingen"] == 1
    assert it["per_onderwerp"]["ongewenste omgangsvormen"] == 1
    assert it["per_onderwerp"]["misbruik van bevoegdheden"] == 1
    assert it["per_bron"] == {"Intern (medewerker)": 2, "Extern (burger, bedrijf of andere buitenstaander)": 1}
    assert it["per_kanaal"]["Anoniem"] == 1
    assert it["per_kanaal"]["Rechtstreeks bij de coördinator"] == 2
    assert it["feitenonderzoeken"] == 1
    assert it["interne_trajecten"] == 1
    # The open caseload: M1 open, M5 closed only in 2026, and the melding of May 2024 still open.
    assert it["in_behandeling_op_31_december"] == 3
    assert it["van_dit_jaar_in_behandeling_op_31_december"] == 2  # M1 and M5
    assert it["in_behandeling_op_31_december_naar_leeftijd"] == {
        "minder dan 3 maanden": 1, "3 tot 12 maanden": 1, "meer dan 1 jaar": 1,  # M1, M5, May 2024
    }
    # Only the May 2024 melding: its acknowledgement (due 12 May 2024) was never recorded. M5's were met in time
    # or late but before 31 December; M1's is due on 7 January.
    assert it["in_behandeling_op_31_december_voorbij_wbk_termijn"] == 1
    assert it["aangiften"] == 1
    assert it["per_bevinding"] == {"integriteitsschending vastgesteld": 2}
    assert it["maatregelen_per_persoon"] == {"officiële waarschuwing": 2, "loonmaatregel": 1}
    # M3 (ongewenst gedrag) has no Wbk deadlines. Acknowledgement: M1 on time, M5 late.
    assert it["wbk_termijnen"]["ontvangstbevestiging"] == {
        "procent": 50, "n": 2, "op_tijd": 1, "te_laat": 1, "niet_geregistreerd": 0, "lopend": 0}
    # Terugkoppeling: M5 on time; M1's (due April 2026) has no registered date: not counted as late.
    assert it["wbk_termijnen"]["terugkoppeling"] == {
        "procent": 100, "n": 1, "op_tijd": 1, "te_laat": 0, "niet_geregistreerd": 1, "lopend": 0}
    assert it["doorlooptijd_mediaan_dagen"] == (31 + 365) / 2


def test_appendix_has_one_anonymous_row_per_melding(data):
    bijlage = data["integriteit"]["bijlage"]
    assert len(bijlage) == 3
    fin = next(r for r in bijlage if r["onderwerp"] == "financiële schendingen")
    assert fin == {"onderwerp": "financiële schendingen", "bron": "Intern (medewerker)", "feitenonderzoek": True,
                   "bevinding": "integriteitsschending vastgesteld", "gevolg": "loonmaatregel; officiële waarschuwing"}


def test_the_documents_show_identical_appendix_rows_once_with_their_count():
    rij = {"onderwerp": "pesten", "bron": "Intern (medewerker)", "feitenonderzoek": False,
           "bevinding": "geen", "gevolg": "Geen maatregel vastgelegd"}
    ander = {**rij, "feitenonderzoek": True}
    gegroepeerd = bijlage_gegroepeerd([rij, ander, dict(rij), rij])
    assert gegroepeerd == [{**rij, "aantal": 3}, {**ander, "aantal": 1}]
    assert bijlage_gegroepeerd([]) == []


def test_previous_years_are_beside_it(data):
    assert set(data["vorige_jaren"]) == {"2023", "2024"}
    assert data["vorige_jaren"]["2024"]["vertrouwenspersonen"]["aantal_meldingen"] == 1
    assert data["vorige_jaren"]["2024"]["integriteit"]["aantal_meldingen"] == 1
    assert data["vorige_jaren"]["2023"]["integriteit"]["aantal_meldingen"] == 0


def test_no_free_text_identity_pseudonym_or_kenmerk_anywhere(data):
    import json

    text = json.dumps(data, ensure_ascii=False)
    for forbidden in ("GEHEIME-OMSCHRIJVING", "Jan Geheim", "2025-001", "2025-002", "B1", "B2", "VP-"):
        assert forbidden not in text


def test_json_contract_keys_present(data):
    vp_keys = {"aantal_meldingen", "aantal_informatieverzoeken", "aantal_arbeidsconflicten", "per_onderwerp",
               "per_onderwerp_procent", "per_organisatieonderdeel", "per_geslacht", "per_soort_hulpvraag",
               "per_relatie_veroorzaker", "per_verwijzing", "per_resultaat", "verzuim_bij_aanmelding",
               "aantal_gesprekken", "intern_extern", "activiteiten"}
    int_keys = {"aantal_meldingen", "per_onderwerp", "per_bron", "per_kanaal", "feitenonderzoeken",
                "interne_trajecten", "in_behandeling_op_31_december", "van_dit_jaar_in_behandeling_op_31_december",
                "in_behandeling_op_31_december_naar_leeftijd", "in_behandeling_op_31_december_voorbij_wbk_termijn",
                "per_bevinding", "maatregelen_per_persoon", "aangiften", "wbk_termijnen",
                "doorlooptijd_mediaan_dagen", "bijlage"}
    assert {"schema", "organisatie", "jaar", "vertrouwenspersonen", "integriteit", "vorige_jaren",
            "onderdrukt"} <= set(data)
    assert vp_keys <= set(data["vertrouwenspersonen"])
    assert int_keys <= set(data["integriteit"])
    for row in data["integriteit"]["bijlage"]:
        assert set(row) == {"onderwerp", "bron", "feitenonderzoek", "bevinding", "gevolg"}


def test_query_count_is_constant_in_the_number_of_records(cast, build, django_assert_max_num_queries):
    for i in range(3):
        build.dossier(datum=datetime.date(2025, 1, 1 + i))
        build.melding(datum=datetime.date(2025, 1, 1 + i))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        compute_figures(cast.org, 2025)
    for i in range(20):
        m = build.melding(datum=datetime.date(2025, 2, 1 + i), onderdeel="Ruimte")
        build.betrokkene(m, bevinding="arbeidsconflict", maatregelen=["geen maatregel"])
        build.dossier(datum=datetime.date(2025, 2, 1 + i), onderwerpen=["pesten", "intimidatie"],
                      hulpvragen=["uiten"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        compute_figures(cast.org, 2025)
