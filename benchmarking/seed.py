"""Synthetic records across many organisations, written through the registers' bulk services (as an import is).

Layout for N records (half VP-dossiers, half formal meldingen):
- one *focus* organisation holds N/10 records (at most 10 000), all in the report year, owned by one VP and seen
  by one coordinator: the worst case for its list pages, and the "10 000 records in one organisation-year" of
  the figures budget from N = 100 000 up (with N = 1 000 000 exactly the budget's case);
- the rest is spread over other organisations (about 2 000 records each) and over three years.
Every organisation gets its categories and units through `organisatie_create`, like a real one.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from accounts.models import Organisatie, Organisatieonderdeel, Rol, User
from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, organisatie_create
from meldingen.models import Bron, Functiecategorie, Kanaal, Spoor, Status
from meldingen.services.bulk import NieuweBetrokkene, NieuweMelding, meldingen_bulk_create
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import (
    ActiviteitType,
    Geslacht,
    Hulpvraag,
    RelatieVeroorzaker,
    Resultaat,
    SignaalOntvanger,
    SoortContact,
    Verzuim,
)
from vertrouwenspersonen.services.bulk import (
    NieuwDossier,
    NieuweActiviteit,
    NieuwGesprek,
    NieuwSignaal,
    activiteiten_bulk_create,
    dossiers_bulk_create,
    signalen_bulk_create,
)

PER_ORGANISATIE = 2_000
BATCH = 2_000
ONDERDELEN = ["Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering", "Dienstverlening", "Stadsbeheer"]
VROEG = datetime.date(2000, 1, 1)


@dataclass
class OrgData:
    organisatie: Organisatie
    vp: User
    coordinator: User
    records: int = 0


@dataclass
class Seeded:
    jaar: int
    focus: OrgData
    klein: OrgData
    organisaties: list[OrgData] = field(default_factory=list)
    records: int = 0


def _maak_organisatie(label: str, index: int) -> OrgData:
    org = organisatie_create(naam=f"Benchmarkgemeente {label} {index}", slug=f"bench-{label}-{index}",
                             indeling="rijk" if index % 2 == 0 else "gedragscode", onderdelen=ONDERDELEN)
    # Presets and units are valid from today; the synthetic years lie in the past.
    Categorie.objects.filter(organisatie=org).update(geldig_van=VROEG)
    Organisatieonderdeel.objects.filter(organisatie=org).update(geldig_van=VROEG)
    vp, _ = gebruiker_aanmaken_of_rol_toevoegen(email=f"vp-{label}-{index}@bench.invalid", organisatie=org,
                                                rol=Rol.VERTROUWENSPERSOON)
    coordinator, _ = gebruiker_aanmaken_of_rol_toevoegen(email=f"ic-{label}-{index}@bench.invalid", organisatie=org,
                                                         rol=Rol.COORDINATOR)
    return OrgData(org, vp, coordinator)


def _leaves(org: Organisatie, soort: str) -> list[Categorie]:
    cats = list(Categorie.objects.filter(organisatie=org, soort=soort))
    parents = {c.parent_id for c in cats if c.parent_id}
    return [c for c in cats if c.pk not in parents] or cats


def _datum(rnd: random.Random, jaar: int) -> datetime.date:
    return datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(360))


def _vul(od: OrgData, aantal: int, jaren: list[int], rnd: random.Random) -> None:
    """`aantal` records for one organisation through the registers' bulk services (the one road for every write,
    as an import takes it): half dossiers (with onderwerpen, a hulpvraag, 0-2 gesprekken), half meldingen (with
    their history, Wbk deadlines and a betrokkene), plus some activiteiten and signalen."""
    org = od.organisatie
    units = list(Organisatieonderdeel.objects.filter(organisatie=org))
    vp_onderwerpen = _leaves(org, Soort.VP_ONDERWERP)
    int_onderwerpen = _leaves(org, Soort.INTEGRITEIT_ONDERWERP)
    bevindingen = _leaves(org, Soort.BEVINDING)
    n_dossiers = aantal // 2
    n_meldingen = aantal - n_dossiers

    for start in range(0, n_dossiers, BATCH):
        gegevens = []
        for _i in range(start, min(start + BATCH, n_dossiers)):
            contact = _datum(rnd, rnd.choice(jaren))
            dicht = rnd.random() < 0.6
            gegevens.append(NieuwDossier(
                eerste_contact=contact, soort_contact=rnd.choice(SoortContact.values), onderdeel=rnd.choice(units),
                onderwerpen=tuple(rnd.sample(vp_onderwerpen, min(len(vp_onderwerpen), rnd.randrange(1, 3)))),
                geslacht=rnd.choice(Geslacht.values), relatie_veroorzaker=rnd.choice(RelatieVeroorzaker.values),
                verzuim=rnd.choice(Verzuim.values), resultaat=rnd.choice(Resultaat.values) if dicht else "",
                afgesloten_op=contact + datetime.timedelta(days=rnd.randrange(60, 120)) if dicht else None,
                hulpvragen=(rnd.choice(Hulpvraag.values),),
                gesprekken=tuple(NieuwGesprek(datum=contact + datetime.timedelta(days=7 * k), duur_minuten=60)
                                 for k in range(rnd.randrange(0, 3))),
            ))
        dossiers_bulk_create(organisatie=org, eigenaar=od.vp, gegevens=gegevens)

    for start in range(0, n_meldingen, BATCH):
        gegevens = []
        for _i in range(start, min(start + BATCH, n_meldingen)):
            ontvangen = _datum(rnd, rnd.choice(jaren))
            klaar = rnd.random() < 0.7
            gegevens.append(NieuweMelding(
                ontvangen_op=ontvangen, kanaal=rnd.choice(Kanaal.values), bron=rnd.choice(Bron.values),
                spoor=rnd.choice(Spoor.values), onderwerp=rnd.choice(int_onderwerpen), onderdeel=rnd.choice(units),
                omschrijving="Synthetische melding voor de benchmark.",
                status=Status.AFGEHANDELD if klaar else rnd.choice([Status.ONTVANGEN, Status.IN_BEHANDELING]),
                afgehandeld_op=ontvangen + datetime.timedelta(days=rnd.randrange(5, 90)) if klaar else None,
                status_reden="Synthetisch (benchmark).",
                betrokkenen=(NieuweBetrokkene(
                    functiecategorie=rnd.choice(Functiecategorie.values),
                    bevinding=rnd.choice(bevindingen) if klaar and bevindingen else None),),
            ))
        meldingen_bulk_create(organisatie=org, door=od.coordinator, gegevens=gegevens)

    extra = max(5, aantal // 50)
    activiteiten_bulk_create(organisatie=org, eigenaar=od.vp, gegevens=[
        NieuweActiviteit(datum=_datum(rnd, rnd.choice(jaren)), soort=rnd.choice(ActiviteitType.values),
                         uren=Decimal(rnd.choice([1, 2, 4])), deelnemers=rnd.randrange(1, 40))
        for _i in range(extra)])
    signalen_bulk_create(organisatie=org, eigenaar=od.vp, gegevens=[
        NieuwSignaal(datum=_datum(rnd, rnd.choice(jaren)), thema="Synthetisch thema",
                     aan=rnd.choice(SignaalOntvanger.values))
        for _i in range(extra)])
    od.records += aantal


def seed(records: int, *, jaar: int, write=print, seed: int = 9) -> Seeded:
    """Creates the organisations and `records` records; returns who to log in as and where to look."""
    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    label = uuid.uuid4().hex[:6]
    focus_n = max(100, min(10_000, records // 10))
    klein_n = min(200, max(20, records // 100))
    rest = max(0, records - focus_n - klein_n)
    n_overig = max(2, rest // PER_ORGANISATIE)
    jaren = [jaar - 2, jaar - 1, jaar]
    with transaction.atomic():
        focus = _maak_organisatie(label, 0)
        klein = _maak_organisatie(label, 1)
        _vul(focus, focus_n, [jaar], rnd)
        _vul(klein, klein_n, jaren, rnd)
    write(f"  seeded focus organisation: {focus_n} records in {jaar}; small organisation: {klein_n}")
    organisaties = [focus, klein]
    for i in range(n_overig):
        with transaction.atomic():
            od = _maak_organisatie(label, i + 2)
            _vul(od, rest // n_overig, jaren, rnd)
        organisaties.append(od)
        if (i + 1) % 10 == 0 or i + 1 == n_overig:
            write(f"  seeded {i + 1}/{n_overig} other organisations")
    total = sum(o.records for o in organisaties)
    return Seeded(jaar=jaar, focus=focus, klein=klein, organisaties=organisaties, records=total)
