"""Parity: the figures of the integrity register against an independent computation in plain Python.

The hand-counted tests pin exact numbers on small fixtures; this one builds a larger mixed register (closed,
reopened, closed again, deadlines met on time, late or never, several years) from a fixed seed, and recomputes
each figure from the rows one by one, the way a person with the register on paper would: walk each melding's
status history up to 31 December, compare each deadline's dates. No ORM aggregation is shared with
reports.figures.
"""

import datetime
import random
import zoneinfo

import pytest

from meldingen import services as mservices
from meldingen.models import Melding, Status, TermijnSoort
from meldingen.termijnen import add_months
from reports.figures import compute_figures

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
BEVINDINGEN = ["integriteitsschending vastgesteld", "geen integriteitsschending vastgesteld", "arbeidsconflict",
               "nog niet vastgesteld"]
NA = datetime.date(2026, 6, 1)
D = datetime.date


def _op(dag):
    return datetime.datetime(dag.year, dag.month, dag.day, 12, tzinfo=AMS)


def _stap(melding, door, naar, dag, reden=""):
    melding.refresh_from_db()
    mservices.melding_change_status(melding=melding, naar=naar, door=door, versie=melding.versie, reden=reden,
                                    op=_op(dag))


@pytest.fixture
def register(cast, build):
    rnd = random.Random(15)  # noqa: S311 - test data, not cryptography
    door = cast.coordinator
    for _ in range(45):
        ontvangen = D(2023, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 3 * 365 + 100))
        spoor = rnd.choice(["integriteit", "integriteit", "misstand", "ongewenst_gedrag"])
        m = build.melding(datum=ontvangen, spoor=spoor)
        for _b in range(rnd.choice([0, 1, 1, 2, 3])):
            build.betrokkene(m, bevinding=rnd.choice([None, *BEVINDINGEN]))
        ack = m.termijnen.filter(soort=TermijnSoort.ONTVANGSTBEVESTIGING).first()
        if ack is not None and rnd.random() < 0.7:
            dag = ontvangen + datetime.timedelta(days=rnd.choice([0, 3, 7, 8, 20]))
            if dag < NA:
                mservices.termijn_voldaan(termijn=ack, voldaan_op=dag, door=door)
                terug = m.termijnen.filter(soort=TermijnSoort.TERUGKOPPELING).first()
                later = dag + datetime.timedelta(days=rnd.choice([30, 92, 120]))
                if terug is not None and rnd.random() < 0.6 and later < NA:
                    mservices.termijn_voldaan(termijn=terug, voldaan_op=later, door=door)
        if rnd.random() < 0.65:
            dicht = ontvangen + datetime.timedelta(days=rnd.randrange(0, 500))
            if dicht >= NA:
                continue
            m.refresh_from_db()
            mservices.melding_update(melding=m, door=door, versie=m.versie, beoordeling="in_de_lijn")
            _stap(m, door, "in_behandeling", ontvangen)
            _stap(m, door, "afgehandeld", dicht, "klaar")
            if rnd.random() < 0.35:
                weer = dicht + datetime.timedelta(days=rnd.randrange(1, 300))
                if weer < NA:
                    _stap(m, door, "heropend", weer, "nieuw feit")
                    nogmaals = weer + datetime.timedelta(days=rnd.randrange(1, 200))
                    if rnd.random() < 0.5 and nogmaals < NA:
                        _stap(m, door, "afgehandeld", nogmaals, "weer klaar")
    return cast.org


def _open_op(melding, dag) -> bool:
    if melding.ontvangen_op > dag:
        return False
    status = Status.ONTVANGEN
    for wijziging in sorted(melding.statuswijzigingen.all(), key=lambda w: (w.tijdstip, w.pk)):
        if wijziging.tijdstip.astimezone(AMS).date() <= dag:
            status = wijziging.naar_status
    return status != Status.AFGEHANDELD


def _leeftijd(ontvangen, dag) -> str:
    if ontvangen > add_months(dag, -3):
        return "minder dan 3 maanden"
    if ontvangen >= add_months(dag, -12):
        return "3 tot 12 maanden"
    return "meer dan 1 jaar"


def _verwacht(org, jaar):
    dag = D(jaar, 12, 31)
    alle = list(Melding.objects.filter(organisatie=org).prefetch_related("statuswijzigingen", "termijnen",
                                                                           "betrokkenen__bevinding"))
    open_ = [m for m in alle if _open_op(m, dag)]
    leeftijd = {"minder dan 3 maanden": 0, "3 tot 12 maanden": 0, "meer dan 1 jaar": 0}
    for m in open_:
        leeftijd[_leeftijd(m.ontvangen_op, dag)] += 1
    voorbij = sum(
        1 for m in open_
        if any(t.uiterlijk_op <= dag and (t.voldaan_op is None or t.voldaan_op > dag) for t in m.termijnen.all())
    )
    wbk = {}
    for soort in TermijnSoort.values:
        termijnen = [t for m in alle if m.ontvangen_op.year == jaar for t in m.termijnen.all() if t.soort == soort]
        op_tijd = sum(1 for t in termijnen if t.voldaan_op is not None and t.voldaan_op <= t.uiterlijk_op)
        te_laat = sum(1 for t in termijnen if t.voldaan_op is not None and t.voldaan_op > t.uiterlijk_op)
        n = op_tijd + te_laat
        wbk[soort] = {
            "procent": None if n == 0 else int(100 * op_tijd / n + 0.5), "n": n, "op_tijd": op_tijd,
            "te_laat": te_laat,
            "niet_geregistreerd": sum(1 for t in termijnen if t.voldaan_op is None and t.uiterlijk_op < NA),
            "lopend": sum(1 for t in termijnen if t.voldaan_op is None and t.uiterlijk_op >= NA),
        }
    uitkomst: dict[str, int] = {}
    for m in alle:
        if m.ontvangen_op.year != jaar or _open_op(m, dag):
            continue
        bevindingen = [b.bevinding for b in m.betrokkenen.all() if b.bevinding is not None]
        label = min(bevindingen, key=lambda c: c.volgorde).label if bevindingen else "Nog geen bevinding vastgelegd"
        uitkomst[label] = uitkomst.get(label, 0) + 1
    return {
        "afgehandelde_meldingen_per_uitkomst": uitkomst,
        "in_behandeling_op_31_december": len(open_),
        "van_dit_jaar_in_behandeling_op_31_december": sum(1 for m in open_ if m.ontvangen_op.year == jaar),
        "in_behandeling_op_31_december_naar_leeftijd": leeftijd,
        "in_behandeling_op_31_december_voorbij_wbk_termijn": voorbij,
        "wbk_termijnen": wbk,
    }


@pytest.mark.parametrize("jaar", [2023, 2024, 2025])
def test_open_caseload_and_wbk_shares_match_an_independent_count(register, jaar):
    cijfers = compute_figures(register, jaar, vandaag=NA)
    verwacht = _verwacht(register, jaar)
    berekend = {key: cijfers["integriteit"][key] for key in verwacht}
    assert berekend == verwacht
    # The previous years' key figures are the same computation for that year.
    vorig = cijfers["vorige_jaren"][str(jaar - 1)]["integriteit"]
    vorig_verwacht = _verwacht(register, jaar - 1)
    del vorig_verwacht["afgehandelde_meldingen_per_uitkomst"]  # a breakdown of the report year only
    assert {key: vorig[key] for key in vorig_verwacht} == vorig_verwacht


def test_the_seeded_register_exercises_every_case(register):
    """The parity above means something only if the register holds each case it is about."""
    meldingen = Melding.objects.filter(organisatie=register)
    assert meldingen.filter(statuswijzigingen__naar_status=Status.HEROPEND).exists()
    assert meldingen.filter(status=Status.HEROPEND).exists()
    verwacht = _verwacht(register, 2025)
    assert verwacht["in_behandeling_op_31_december"] > verwacht["van_dit_jaar_in_behandeling_op_31_december"] > 0
    assert all(verwacht["in_behandeling_op_31_december_naar_leeftijd"].values())
    assert verwacht["in_behandeling_op_31_december_voorbij_wbk_termijn"] > 0
    uitkomsten = {k for j in (2023, 2024, 2025) for k in _verwacht(register, j)["afgehandelde_meldingen_per_uitkomst"]}
    assert {"integriteitsschending vastgesteld", "Nog geen bevinding vastgelegd"} < uitkomsten
    ack = verwacht["wbk_termijnen"][TermijnSoort.ONTVANGSTBEVESTIGING]
    assert ack["op_tijd"] and ack["te_laat"] and ack["niet_geregistreerd"]
