"""Synthetic demo data for the meldingenregister: three years of formal meldingen and some in the current year.

Everything goes through the services, so kenmerken, status history, deadlines and audit are real.
All text is synthetic; no name of a real person appears. Deterministic for a given `rng`.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisatieonderdeel
from meldingen import services, termijnen
from meldingen.models import (
    Beoordeling,
    Bron,
    Functiecategorie,
    Kanaal,
    Melding,
    Spoor,
    Status,
    TermijnSoort,
    TrajectResultaat,
    Uitvoering,
    spoor_bij_onderwerp,
)
from taxonomie.models import Categorie, Soort

PER_JAAR = {2023: 34, 2024: 38, 2025: 34, 2026: 16}

OMSCHRIJVINGEN = [
    "Synthetische demomelding: vermoeden van onjuiste declaraties bij een dienstreis.",
    "Synthetische demomelding: een medewerker zou vertrouwelijke informatie hebben gedeeld.",
    "Synthetische demomelding: herhaaldelijk kleinerende opmerkingen tijdens overleg.",
    "Synthetische demomelding: mogelijk belangenconflict bij een aanbesteding.",
    "Synthetische demomelding: privégebruik van een dienstauto buiten werktijd.",
    "Synthetische demomelding: ongewenste aanrakingen tijdens een personeelsuitje.",
    "Synthetische demomelding: onduidelijke nevenfunctie bij een leverancier.",
    "Synthetische demomelding: een misstand in de uitvoering van een regeling.",
]
# (days ago, status): recent meldingen so the dashboard always has work in every stage and overdue deadlines.
RECENT = [(2, Status.ONTVANGEN), (12, Status.ONTVANGEN), (16, Status.ONTVANGEN), (20, Status.IN_BEHANDELING),
          (40, Status.IN_BEHANDELING), (60, Status.FEITENONDERZOEK), (90, Status.BESLUITVORMING),
          (120, Status.AFGEHANDELD), (150, Status.HEROPEND)]

REDENEN_AFSLUITEN = [
    "Besluit genomen; betrokkenen en melder geïnformeerd (demo).",
    "Afgehandeld na beoordeling (demo).",
    "Maatregel opgelegd en dossier gesloten (demo).",
]


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _random_day(rng: random.Random, jaar: int, today: datetime.date) -> datetime.date:
    start = datetime.date(jaar, 1, 2)
    end = min(datetime.date(jaar, 12, 30), today - datetime.timedelta(days=1))
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _target_status(rng: random.Random, ontvangen: datetime.date, today: datetime.date) -> str:
    """The older a melding, the likelier it is closed, so the open caseload on 31 December differs per year."""
    age = (today - ontvangen).days
    if age < 20:
        return rng.choice([Status.ONTVANGEN, Status.ONTVANGEN, Status.IN_BEHANDELING])
    if age < 200:
        return rng.choice([Status.IN_BEHANDELING, Status.FEITENONDERZOEK, Status.BESLUITVORMING,
                           Status.AFGEHANDELD, Status.AFGEHANDELD])
    nog_open = 12 if age < 400 else 6 if age < 800 else 2
    return rng.choices([Status.AFGEHANDELD, Status.BESLUITVORMING, Status.FEITENONDERZOEK, Status.HEROPEND],
                       weights=[100 - 3 * nog_open, nog_open, nog_open, nog_open])[0]


@transaction.atomic  # one commit instead of hundreds: seconds instead of tens of seconds on SQLite
def seed(*, organisatie, gebruikers: dict, rng: random.Random) -> str:
    """Adds ~120 synthetic formal meldingen to `organisatie`. Returns a one-line summary."""
    if Melding.objects.filter(organisatie=organisatie).exists():
        return "meldingenregister: al gevuld, niets toegevoegd"
    coordinator = gebruikers["coordinator"]
    onderzoekers = [u for key, u in sorted(gebruikers.items()) if key.startswith("onderzoeker")]
    today = termijnen.vandaag()
    onderwerpen = list(Categorie.objects.van(organisatie, Soort.INTEGRITEIT_ONDERWERP).order_by("volgorde"))
    bevindingen = list(Categorie.objects.van(organisatie, Soort.BEVINDING).order_by("volgorde"))
    maatregelen = list(Categorie.objects.van(organisatie, Soort.MAATREGEL).order_by("volgorde"))
    onderdelen = list(Organisatieonderdeel.objects.filter(organisatie=organisatie).order_by("naam"))
    counts = {"meldingen": 0, "onderzoeken": 0, "maatregelen": 0, "verlopen": 0}

    def clamp(day: datetime.date) -> datetime.date:
        return min(day, today)

    # Random dates over the years, plus a handful of very recent ones that cover every open status for sure.
    plan = [(_random_day(rng, jaar, today), None) for jaar, aantal in PER_JAAR.items()
            if datetime.date(jaar, 1, 2) < today for _ in range(aantal)]
    for dagen_geleden, status in RECENT:
        plan.append((today - datetime.timedelta(days=dagen_geleden), status))
    plan.sort(key=lambda item: item[0])  # kenmerken follow the date of receipt
    # The spoor follows the onderwerp (never "ongewenst gedrag" with "financiële schendingen").
    per_spoor = {spoor: [o for o in onderwerpen if spoor_bij_onderwerp(o) == spoor] for spoor in Spoor.values}
    for ontvangen, vaste_status in plan:
        spoor = rng.choices([Spoor.ONGEWENST_GEDRAG, Spoor.INTEGRITEIT, Spoor.MISSTAND], weights=[45, 45, 10])[0]
        if vaste_status is not None or not per_spoor[spoor]:
            spoor = Spoor.INTEGRITEIT  # Wbk deadlines apply, so the recent ones show on the dashboard
        melding = services.melding_create(
            organisatie=organisatie, door=coordinator, ontvangen_op=ontvangen,
            kanaal=rng.choice(Kanaal.values), bron=rng.choices(Bron.values, weights=[65, 35])[0], spoor=spoor,
            onderwerp=rng.choice(per_spoor[spoor]), onderdeel=rng.choice(onderdelen) if onderdelen else None,
            omschrijving=rng.choice(OMSCHRIJVINGEN),
            melder_identiteit=f"Fictieve melder {rng.randrange(1000, 9999)}" if rng.random() < 0.3 else "",
            aangifte=rng.random() < 0.05,
        )
        counts["meldingen"] += 1
        target = vaste_status or _target_status(rng, ontvangen, today)
        _deadlines(melding, rng, today, target, open_laten=vaste_status == Status.ONTVANGEN)
        if target == Status.ONTVANGEN:
            continue
        dag = clamp(ontvangen + datetime.timedelta(days=rng.randint(1, 10)))
        _move(melding, Status.IN_BEHANDELING, coordinator, dag)
        if target == Status.IN_BEHANDELING:
            continue
        onderzoeken = target in (Status.FEITENONDERZOEK, Status.BESLUITVORMING) or (
            spoor != Spoor.ONGEWENST_GEDRAG and rng.random() < 0.45
        )
        if spoor == Spoor.ONGEWENST_GEDRAG and not onderzoeken and rng.random() < 0.3:
            traject = services.traject_create(melding=melding, door=coordinator, startdatum=dag)
            einde = clamp(dag + datetime.timedelta(days=rng.randint(20, 70)))
            services.traject_update(traject=traject, door=coordinator, startdatum=dag, einddatum=einde,
                                    resultaat=rng.choice(TrajectResultaat.values[1:]))
        if onderzoeken:
            start = clamp(dag + datetime.timedelta(days=rng.randint(5, 20)))
            onderzoek = services.onderzoek_create(
                melding=melding, door=coordinator, opdrachtgever=rng.choice(
                    ["Gemeentesecretaris", "Directeur Bedrijfsvoering", "Directeur Publiekszaken"]),
                uitvoering=rng.choice(Uitvoering.values), bureau="Demobureau Feitenonderzoek",
                startdatum=start, geplande_einddatum=start + datetime.timedelta(days=60),
            )
            counts["onderzoeken"] += 1
            if onderzoekers and rng.random() < 0.6:
                services.onderzoek_assign(onderzoek=onderzoek, onderzoeker=rng.choice(onderzoekers), door=coordinator)
            _move(melding, Status.FEITENONDERZOEK, coordinator, start)
            if target == Status.FEITENONDERZOEK:
                continue
            einde = clamp(start + datetime.timedelta(days=rng.randint(25, 90)))
            services.onderzoek_update(
                onderzoek=onderzoek, door=coordinator, versie=onderzoek.versie, einddatum=einde,
                hoor_en_wederhoor=True, conclusie="Synthetische conclusie van het demo-onderzoek.",
            )
            dag = einde
        counts["maatregelen"] += _betrokkenen(melding, rng, coordinator, bevindingen, maatregelen, dag, today)
        melding.refresh_from_db()
        services.melding_update(
            melding=melding, door=coordinator, versie=melding.versie,
            beoordeling=Beoordeling.FEITENONDERZOEK if onderzoeken else rng.choice(Beoordeling.values[1:]),
        )
        if target == Status.IN_BEHANDELING:
            continue
        if not onderzoeken or target != Status.FEITENONDERZOEK:
            dag = clamp(dag + datetime.timedelta(days=rng.randint(3, 20)))
            if target in (Status.BESLUITVORMING, Status.AFGEHANDELD, Status.HEROPEND):
                _move(melding, Status.BESLUITVORMING, coordinator, dag)
        if target in (Status.AFGEHANDELD, Status.HEROPEND):
            dag = clamp(dag + datetime.timedelta(days=rng.randint(5, 30)))
            _move(melding, Status.AFGEHANDELD, coordinator, dag, rng.choice(REDENEN_AFSLUITEN))
        if target == Status.HEROPEND:
            _move(melding, Status.HEROPEND, coordinator, clamp(dag + datetime.timedelta(days=30)),
                  "Nieuwe informatie ontvangen (demo).")
    from meldingen.models import Termijn
    from meldingen.services.herinneringen import terugkoppeling_starten_zonder_bevestiging

    terugkoppeling_starten_zonder_bevestiging(today=today)
    counts["verlopen"] = Termijn.objects.filter(
        melding__organisatie=organisatie, voldaan_op__isnull=True, uiterlijk_op__lt=today
    ).count()
    return (f"meldingenregister: {counts['meldingen']} meldingen, {counts['onderzoeken']} feitenonderzoeken, "
            f"{counts['maatregelen']} maatregelen, {counts['verlopen']} verlopen termijnen")


def _move(melding, naar, door, dag, reden=""):
    melding.refresh_from_db()
    services.melding_change_status(melding=melding, naar=naar, door=door, versie=melding.versie, reden=reden,
                                   op=_aware(dag))


def _deadlines(melding, rng, today, target, open_laten: bool = False) -> None:
    """Most deadlines met (a few late); recent open meldingen keep some open or overdue."""
    bevestiging = melding.termijnen.filter(soort=TermijnSoort.ONTVANGSTBEVESTIGING).first()
    if bevestiging is None or open_laten:
        return
    if target in (Status.ONTVANGEN, Status.IN_BEHANDELING) and rng.random() < 0.5:
        return  # left open: due soon or overdue on the dashboard
    op = min(melding.ontvangen_op + datetime.timedelta(days=rng.choice([1, 2, 3, 5, 6, 7, 9])), today)
    services.termijn_voldaan(termijn=bevestiging, voldaan_op=op, door=melding.aangemaakt_door)
    terug = melding.termijnen.get(soort=TermijnSoort.TERUGKOPPELING)
    if target in (Status.AFGEHANDELD, Status.HEROPEND) or rng.random() < 0.5:
        gedaan = min(op + datetime.timedelta(days=rng.randint(20, 100)), today)
        if gedaan >= terug.gestart_op:
            services.termijn_voldaan(termijn=terug, voldaan_op=gedaan, door=melding.aangemaakt_door)


def _betrokkenen(melding, rng, door, bevindingen, maatregelen, dag, today) -> int:
    aantal = 0
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        betrokkene = services.betrokkene_add(
            melding=melding, door=door, functiecategorie=rng.choices(
                Functiecategorie.values, weights=[60, 15, 5, 10, 10])[0],
            bevinding=rng.choice(bevindingen) if bevindingen else None,
        )
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            if maatregelen:
                services.maatregel_add(betrokkene=betrokkene, door=door, soort=rng.choice(maatregelen),
                                       besloten_op=min(dag, today))
                aantal += 1
    return aantal
