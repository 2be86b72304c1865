"""Parity: a record imported from a row equals the record the screens' services make from the same facts.

Compared: the fields, the status history, the Wbk deadlines, the retention date, the child rows and the audit
entries (action and details, without the import's own keys). Where history differs it is the documented rule of
meldingen/workflow.py ("Imported history"), and the test says so explicitly.
"""

import datetime

import pytest

from accounts.audit import AuditEntry
from meldingen import services as ms
from meldingen.models import Melding, StatusBron
from taxonomie.models import Categorie, Soort
from tests.uitwisseling.conftest import dossier, integriteit, maak_csv, melding, vp_import
from vertrouwenspersonen import services as vs
from vertrouwenspersonen.models import Dossier

pytestmark = pytest.mark.django_db
D = datetime.date
IMPORT_KEYS = {"via", "import_id", "bron"}


def _audit(obj) -> list[tuple[str, dict]]:
    rows = AuditEntry.objects.filter(objecttype=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
    # Ids of parts (betrokkene_id …) differ between two records by nature: compared as present, not by value.
    return [(e.actie, {k: "<id>" if k.endswith("_id") and k != "categorie_id" else v
                       for k, v in e.details.items() if k not in IMPORT_KEYS})
            for e in rows if not e.actie.endswith("_gelezen")]


def _melding(m: Melding) -> dict:
    m = Melding.objects.get(pk=m.pk)
    return {
        "velden": {f: getattr(m, f) for f in ("jaar", "ontvangen_op", "kanaal", "bron", "spoor", "onderwerp_id",
                                            "onderdeel_id", "aangifte", "status", "afgehandeld_op", "beoordeling",
                                            "vernietigen_op", "bewaarbericht_op", "vernietigd_op")},
        "kenmerk_vorm": len(m.kenmerk.split("-")[1]),
        "historie": [(w.van_status, w.naar_status) for w in m.statuswijzigingen.order_by("tijdstip", "id")],
        "huidig": m.huidige_wijziging.naar_status,
        "termijnen": sorted((t.soort, t.regel, t.gestart_op, t.uiterlijk_op, t.voldaan_op) for t in m.termijnen.all()),
        "betrokkenen": [(b.volgnummer, b.functiecategorie, b.bevinding_id,
                         sorted((x.soort_id, x.besloten_op) for x in b.maatregelen.all())) for b in m.betrokkenen.all()],
        "audit": _audit(m),
    }


def _cat(org, soort, code):
    return Categorie.objects.get(organisatie=org, soort=soort, code=code)


def test_an_open_imported_melding_equals_one_registered_on_the_screens(cast):
    onderwerp = _cat(cast.org, Soort.INTEGRITEIT_ONDERWERP, "financiele-schendingen")
    onderdeel = cast.org.onderdelen.get(naam="Ruimte")
    integriteit(cast, maak_csv([melding(kenmerk="", datum_ontvangst="2025-03-03", organisatieonderdeel="Ruimte",
                                        kanaal="leidinggevende", spoor="integriteit", status="in behandeling")]))
    geimporteerd = Melding.objects.get()

    scherm = ms.melding_create(organisatie=cast.org, door=cast.coordinator, ontvangen_op=D(2025, 3, 3),
                               kanaal="leidinggevende", bron="intern", spoor="integriteit", onderwerp=onderwerp,
                               onderdeel=onderdeel, omschrijving="x")
    ms.betrokkene_add(melding=scherm, door=cast.coordinator, functiecategorie="onbekend")
    ms.melding_change_status(melding=scherm, naar="in_behandeling", door=cast.coordinator, versie=None,
                             reden="Overgenomen", op=geimporteerd.statuswijzigingen.get(bron=StatusBron.IMPORT).tijdstip)
    a, b = _melding(geimporteerd), _melding(scherm)
    assert a == b
    assert (geimporteerd.kenmerk, scherm.kenmerk) == ("2025-001", "2025-002")
    # The one difference, by rule: the imported step says where it came from.
    assert list(geimporteerd.statuswijzigingen.values_list("bron", flat=True)) == [StatusBron.APP, StatusBron.IMPORT]


def test_a_closed_imported_melding_equals_one_closed_on_the_screens_but_for_the_documented_history(cast):
    onderwerp = _cat(cast.org, Soort.INTEGRITEIT_ONDERWERP, "financiele-schendingen")
    bevinding = _cat(cast.org, Soort.BEVINDING, "arbeidsconflict")
    gevolg = _cat(cast.org, Soort.MAATREGEL, "officiele-waarschuwing")
    integriteit(cast, maak_csv([melding(kenmerk="", datum_ontvangst="2024-02-01", datum_afgehandeld="2024-05-06",
                                        spoor="integriteit", aantal_betrokkenen="2", bevinding="arbeidsconflict",
                                        gevolg="officiële waarschuwing")]))
    geimporteerd = Melding.objects.get()

    scherm = ms.melding_create(organisatie=cast.org, door=cast.coordinator, ontvangen_op=D(2024, 2, 1),
                               kanaal="coordinator", bron="intern", spoor="integriteit", onderwerp=onderwerp,
                               omschrijving="x")
    for _ in range(2):
        b = ms.betrokkene_add(melding=scherm, door=cast.coordinator, functiecategorie="onbekend", bevinding=bevinding)
        ms.maatregel_add(betrokkene=b, door=cast.coordinator, soort=gevolg, besloten_op=D(2024, 5, 6))
    ms.melding_change_status(melding=scherm, naar="in_behandeling", door=cast.coordinator, versie=None,
                             op=datetime.datetime(2024, 2, 2, 12, tzinfo=datetime.UTC))
    scherm.refresh_from_db()
    ms.melding_update(melding=scherm, door=cast.coordinator, versie=scherm.versie, beoordeling="arbeidsconflict")
    scherm.refresh_from_db()
    ms.melding_change_status(melding=scherm, naar="afgehandeld", door=cast.coordinator, versie=scherm.versie,
                             reden="Afgerond", op=datetime.datetime(2024, 5, 6, 12, tzinfo=datetime.UTC))
    a, b = _melding(geimporteerd), _melding(scherm)
    assert a["velden"] == b["velden"]  # status, dates, beoordeling (from the bevinding), retention date
    assert a["velden"]["vernietigen_op"] == D(2029, 5, 6)
    assert a["betrokkenen"] == b["betrokkenen"]
    # History, by rule: the import knows only that it was closed, so one "overgenomen" step from ontvangen.
    assert a["historie"] == [("", "ontvangen"), ("ontvangen", "afgehandeld")]
    assert b["historie"] == [("", "ontvangen"), ("ontvangen", "in_behandeling"), ("in_behandeling", "afgehandeld")]
    assert a["huidig"] == b["huidig"] == "afgehandeld"
    # Deadlines, by rule: a melding closed before it entered the register gets none (nothing is made up).
    assert a["termijnen"] == [] and [t[0] for t in b["termijnen"]] == ["ontvangstbevestiging"]
    assert [actie for actie, _d in a["audit"]] == ["melding_aangemaakt", "betrokkene_toegevoegd",
                                                   "maatregel_toegevoegd", "betrokkene_toegevoegd",
                                                   "maatregel_toegevoegd", "melding_status_gewijzigd"]
    assert a["audit"][1:5] == b["audit"][1:5]
    # (and by the same rule the created entry says no deadline was started)
    assert a["audit"][0] == ("melding_aangemaakt", {**b["audit"][0][1], "termijn_gestart": None})
    assert a["audit"][-1][1] == {"van": "ontvangen", "naar": "afgehandeld", "reden_opgegeven": True}


def _dossier(d: Dossier) -> dict:
    d = Dossier.objects.get(pk=d.pk)
    return {
        "velden": {f: getattr(d, f) for f in ("organisatie_id", "eigenaar_id", "vp_extern", "onderdeel_id",
                                            "eerste_contact", "soort_contact", "geslacht", "relatie_veroorzaker",
                                            "verzuim", "resultaat", "status", "afgesloten_op", "vernietigen_op",
                                            "bewaarbericht_op", "vernietigd_op")},
        "onderwerpen": sorted(d.onderwerpen.values_list("pk", flat=True)),
        "lijsten": [sorted(d.hulpvragen.values_list("waarde", flat=True)),
                    sorted(d.verwijzingen.values_list("waarde", flat=True)),
                    sorted(d.vervolgen.values_list("waarde", flat=True))],
        "gesprekken": sorted(d.gesprekken.values_list("datum", flat=True)),
        "audit": [(actie, {k: v for k, v in det.items() if k != "gesprek_id"}) for actie, det in _audit(d)],
    }


def test_an_imported_dossier_equals_one_registered_on_the_screens(cast):
    vp_import(cast, maak_csv([dossier(kenmerk="", datum_eerste_contact="2025-01-10", onderwerpen="pesten;intimidatie",
                                      geslacht="vrouw", soort_hulpvraag="uiten", verwezen_naar="bedrijfsarts",
                                      resultaat="bespreekbaar gemaakt", datum_afgesloten="2025-04-01",
                                      aantal_gesprekken="2")]))
    geimporteerd = Dossier.objects.get()

    scherm = vs.dossier_create(
        organisatie=cast.org, eigenaar=cast.vp, onderdeel=cast.org.onderdelen.get(naam="Ruimte"),
        soort_contact="melding", eerste_contact=D(2025, 1, 10), geslacht="vrouw", resultaat="bespreekbaar",
        onderwerpen=[_cat(cast.org, Soort.VP_ONDERWERP, "pesten"), _cat(cast.org, Soort.VP_ONDERWERP, "intimidatie")],
        hulpvragen=["uiten"], verwijzingen=["bedrijfsarts"],
    )
    for _ in range(2):
        vs.gesprek_create(dossier=scherm, door=cast.vp, datum=D(2025, 1, 10), vorm="fysiek", duur_minuten=30)
    vs.dossier_afsluiten(dossier=scherm, datum=D(2025, 4, 1), door=cast.vp)
    a, b = _dossier(geimporteerd), _dossier(scherm)
    assert a == b
    assert a["velden"]["vernietigen_op"] == D(2026, 4, 1)
    # A file gives only the number of gesprekken: their form and duration stay "not recorded", never invented.
    assert set(geimporteerd.gesprekken.values_list("vorm", "duur_minuten")) == {("", None)}
