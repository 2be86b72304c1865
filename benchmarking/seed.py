"""Synthetic records across many organisations, inserted with bulk_create (no services, no audit rows).

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

from django.db import transaction

from accounts.models import Organisatie, Organisatieonderdeel, Rol, User
from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, organisatie_create
from meldingen.models.register import (
    Betrokkene,
    Bron,
    Functiecategorie,
    Kanaal,
    KenmerkTeller,
    Melding,
    Spoor,
    Status,
    Termijn,
    TermijnSoort,
)
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import (
    Activiteit,
    ActiviteitType,
    Dossier,
    DossierHulpvraag,
    Geslacht,
    Gesprek,
    Hulpvraag,
    RelatieVeroorzaker,
    Resultaat,
    Signaal,
    SignaalOntvanger,
    SoortContact,
    Verzuim,
)
from vertrouwenspersonen.models import Status as DossierStatus
from vertrouwenspersonen.services.dossiers import kenmerken_toekennen

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


def _leaves(org: Organisatie, soort: str) -> list[int]:
    cats = list(Categorie.objects.filter(organisatie=org, soort=soort).values_list("pk", "parent_id"))
    parents = {p for _pk, p in cats if p}
    return [pk for pk, _p in cats if pk not in parents] or [pk for pk, _p in cats]


def _datum(rnd: random.Random, jaar: int) -> datetime.date:
    return datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(360))


def _vul(od: OrgData, aantal: int, jaren: list[int], rnd: random.Random) -> None:
    """`aantal` records for one organisation: half dossiers (with onderwerpen, hulpvragen, gesprekken), half meldingen
    (with a termijn and a betrokkene), plus some activiteiten and signalen."""
    org = od.organisatie
    units = list(Organisatieonderdeel.objects.filter(organisatie=org).values_list("pk", flat=True))
    vp_onderwerpen = _leaves(org, Soort.VP_ONDERWERP)
    int_onderwerpen = _leaves(org, Soort.INTEGRITEIT_ONDERWERP)
    bevindingen = _leaves(org, Soort.BEVINDING)
    n_dossiers = aantal // 2
    n_meldingen = aantal - n_dossiers

    for start in range(0, n_dossiers, BATCH):
        dossiers = []
        for _i in range(start, min(start + BATCH, n_dossiers)):
            contact = _datum(rnd, rnd.choice(jaren))
            dicht = rnd.random() < 0.6
            dossiers.append(Dossier(
                organisatie=org, eigenaar=od.vp, vp_extern=False, onderdeel_id=rnd.choice(units),
                eerste_contact=contact, soort_contact=rnd.choice(SoortContact.values),
                geslacht=rnd.choice(Geslacht.values), relatie_veroorzaker=rnd.choice(RelatieVeroorzaker.values),
                verzuim=rnd.choice(Verzuim.values), resultaat=rnd.choice(Resultaat.values) if dicht else "",
                status=DossierStatus.AFGESLOTEN if dicht else DossierStatus.OPEN,
                afgesloten_op=contact + datetime.timedelta(days=rnd.randrange(1, 60)) if dicht else None,
            ))
        kenmerken_toekennen(dossiers)
        Dossier.objects.bulk_create(dossiers, batch_size=BATCH)
        through = Dossier.onderwerpen.through
        links, hulp, gesprekken = [], [], []
        for d in dossiers:
            for cat in rnd.sample(vp_onderwerpen, min(len(vp_onderwerpen), rnd.randrange(1, 3))):
                links.append(through(dossier_id=d.pk, categorie_id=cat))
            hulp.append(DossierHulpvraag(dossier_id=d.pk, waarde=rnd.choice(Hulpvraag.values)))
            for k in range(rnd.randrange(0, 3)):
                gesprekken.append(Gesprek(dossier_id=d.pk, datum=d.eerste_contact + datetime.timedelta(days=7 * k),
                                          duur_minuten=60, gevoerd_door=od.vp))
        through.objects.bulk_create(links, batch_size=BATCH)
        DossierHulpvraag.objects.bulk_create(hulp, batch_size=BATCH)
        Gesprek.objects.bulk_create(gesprekken, batch_size=BATCH)

    volgnummers: dict[int, int] = dict(KenmerkTeller.objects.filter(organisatie=org).values_list("jaar", "laatste"))
    for start in range(0, n_meldingen, BATCH):
        meldingen = []
        for _i in range(start, min(start + BATCH, n_meldingen)):
            jaar = rnd.choice(jaren)
            nummer = volgnummers.get(jaar, 0) + 1
            volgnummers[jaar] = nummer
            ontvangen = _datum(rnd, jaar)
            klaar = rnd.random() < 0.7
            meldingen.append(Melding(
                organisatie=org, kenmerk=f"{jaar}-{nummer:03d}", jaar=jaar, volgnummer=nummer, ontvangen_op=ontvangen,
                kanaal=rnd.choice(Kanaal.values), bron=rnd.choice(Bron.values), spoor=rnd.choice(Spoor.values),
                onderwerp_id=rnd.choice(int_onderwerpen), onderdeel_id=rnd.choice(units),
                omschrijving="Synthetische melding voor de benchmark.",
                status=Status.AFGEHANDELD if klaar else rnd.choice([Status.ONTVANGEN, Status.IN_BEHANDELING]),
                afgehandeld_op=ontvangen + datetime.timedelta(days=rnd.randrange(5, 90)) if klaar else None,
                aangemaakt_door=od.coordinator,
            ))
        Melding.objects.bulk_create(meldingen, batch_size=BATCH)
        termijnen, betrokkenen = [], []
        for m in meldingen:
            voldaan = rnd.random() < 0.9
            termijnen.append(Termijn(
                melding_id=m.pk, soort=TermijnSoort.ONTVANGSTBEVESTIGING, regel="benchmark",
                gestart_op=m.ontvangen_op, uiterlijk_op=m.ontvangen_op + datetime.timedelta(days=7),
                voldaan_op=m.ontvangen_op + datetime.timedelta(days=3) if voldaan else None,
            ))
            betrokkenen.append(Betrokkene(
                melding_id=m.pk, volgnummer=1, functiecategorie=rnd.choice(Functiecategorie.values),
                bevinding_id=rnd.choice(bevindingen) if m.afgehandeld_op and bevindingen else None,
            ))
        Termijn.objects.bulk_create(termijnen, batch_size=BATCH)
        Betrokkene.objects.bulk_create(betrokkenen, batch_size=BATCH)
    for jaar, laatste in volgnummers.items():
        KenmerkTeller.objects.update_or_create(organisatie=org, jaar=jaar, defaults={"laatste": laatste})

    extra = max(5, aantal // 50)
    Activiteit.objects.bulk_create([
        Activiteit(organisatie=org, eigenaar=od.vp, soort=rnd.choice(ActiviteitType.values),
                   datum=_datum(rnd, rnd.choice(jaren)), uren=rnd.choice([1, 2, 4]), deelnemers=rnd.randrange(1, 40))
        for _i in range(extra)
    ], batch_size=BATCH)
    Signaal.objects.bulk_create([
        Signaal(organisatie=org, eigenaar=od.vp, datum=_datum(rnd, rnd.choice(jaren)),
                thema="Synthetisch thema", aan=rnd.choice(SignaalOntvanger.values))
        for _i in range(extra)
    ], batch_size=BATCH)
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
