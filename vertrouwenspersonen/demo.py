"""Synthetic VP records for the demo organisation: three past years plus some of this year.

Deterministic for a given `rng` (and today's date), bulk-inserted so it runs in well under a few seconds.
All text is synthetic and never names a person.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol
from bewaren import termijn as bewaartermijn
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import (
    Activiteit,
    ActiviteitType,
    Dossier,
    DossierHulpvraag,
    DossierVervolg,
    DossierVerwijzing,
    Gesprek,
    Signaal,
    SignaalOntvanger,
    Status,
)
from vertrouwenspersonen.services.dossiers import kenmerken_toekennen

# Dossiers per year, three past years and (a few) in the current one.
PER_JAAR = (92, 101, 108)
HUIDIG_JAAR = 14
# Fewer contacts in the summer holidays and in December.
MAAND_GEWICHT = [9, 10, 11, 10, 9, 8, 4, 5, 11, 12, 11, 6]
SOORT_CONTACT = {"melding": 72, "informatieverzoek": 18, "arbeidsconflict": 10}
# Relative frequency of the preset topics (by code prefix); unknown topics get weight 3.
ONDERWERP_GEWICHT = {
    "intimidatie": 16,
    "agressie-en-geweld": 9,
    "pesten": 14,
    "seksueel": 8,
    "discriminatie": 6,
    "ongewenst-gedrag-in-relatie": 18,
    "ander-ongewenst-gedrag": 15,
    "integriteit": 4,
    "geen-ongewenst": 6,
}
GESLACHT = {"vrouw": 55, "man": 33, "anders": 2, "onbekend": 4, "": 6}
RELATIE = {
    "leidinggevende": 38,
    "hoger_management": 8,
    "collega": 34,
    "ondergeschikte": 4,
    "extern": 9,
    "onbekend": 4,
    "": 3,
}
HULPVRAAG = {"informatie": 45, "uiten": 35, "ondersteuning": 15, "bemiddeling": 5}
VERWIJZING = {
    "bmw": 12,
    "bedrijfsarts": 14,
    "psycholoog": 6,
    "hr": 12,
    "leidinggevende": 10,
    "juridisch": 4,
    "mediation": 6,
    "integriteitscoordinator": 7,
    "klachtencommissie": 4,
    "huis_klokkenluiders": 1,
    "politie": 1,
    "anders": 3,
}
RESULTAAT = {
    "bespreekbaar": 35,
    "herhaling_voorkomen": 15,
    "zelf_hanteren": 30,
    "vertrokken": 6,
    "onbekend": 14,
}
VORM = {"fysiek": 55, "telefonisch": 25, "online": 20}
NOTITIES = [
    "Situatie op de afdeling besproken; melder wil eerst zelf het gesprek aangaan.",
    "Mogelijkheden toegelicht: informeel gesprek, bemiddeling, formele melding.",
    "Melder voelt zich gehoord; vervolgafspraak over twee weken.",
    "Spanning in het team na de reorganisatie; melder twijfelt over vervolgstappen.",
    "Uitleg gegeven over de klachtenregeling en de rol van de integriteitscoördinator.",
    "Melder heeft het gesprek met de leidinggevende gevoerd; situatie verbeterd.",
    "Kort telefonisch contact: geen nieuwe incidenten.",
    "Afgesproken dat melder contact opneemt als de situatie verandert.",
]
ACTIVITEIT_OMSCHRIJVING = {
    "voorlichting": "Voorlichting over de rol van de vertrouwenspersoon in een teamoverleg.",
    "introductie": "Presentatie tijdens de introductiebijeenkomst voor nieuwe medewerkers.",
    "training": "Workshop omgangsvormen voor leidinggevenden.",
    "intervisie": "Intervisie met vertrouwenspersonen uit de regio.",
    "overleg": "Periodiek overleg over signalen en preventie.",
    "spreekuur": "Open spreekuur op locatie.",
}
SIGNAAL_THEMA = [
    "Toon van communicatie bij reorganisaties",
    "Werkdruk en omgangsvormen in klantteams",
    "Agressie aan de balie: opvang na incidenten",
    "Bekendheid van de klachtenregeling ongewenst gedrag",
    "Grappen met een seksuele ondertoon tijdens teamuitjes",
    "Rol van leidinggevenden bij conflicten in teams",
]


def _kies(rng: random.Random, gewichten: dict) -> str:
    return rng.choices(list(gewichten), weights=list(gewichten.values()))[0]


def _meerdere(rng: random.Random, gewichten: dict, aantal: int) -> list[str]:
    gekozen: list[str] = []
    while len(gekozen) < min(aantal, len(gewichten)):
        waarde = _kies(rng, gewichten)
        if waarde not in gekozen:
            gekozen.append(waarde)
    return gekozen


def _datum_in(rng: random.Random, jaar: int, tot: datetime.date) -> datetime.date:
    maand = rng.choices(range(1, 13), weights=MAAND_GEWICHT)[0]
    eind = datetime.date(jaar + (maand == 12), maand % 12 + 1, 1) - datetime.timedelta(days=1)
    dag = rng.randint(1, eind.day)
    return min(datetime.date(jaar, maand, dag), tot)


def _onderwerp_gewicht(categorie: Categorie) -> float:
    code = categorie.code
    if categorie.parent_id:
        return 1.0  # integrity sub-topics: rare
    for prefix, gewicht in ONDERWERP_GEWICHT.items():
        if code.startswith(prefix):
            return float(gewicht)
    return 3.0


@transaction.atomic
def seed(*, organisatie: Organisatie, gebruikers: dict, rng: random.Random) -> str:
    today = timezone.localdate()
    vps = [gebruikers["vp"], gebruikers["vp2"]]
    extern = dict(
        Lidmaatschap.objects.filter(
            organisatie=organisatie, rol=Rol.VERTROUWENSPERSOON, gebruiker__in=vps
        ).values_list("gebruiker_id", "extern")
    )
    onderdelen = list(Organisatieonderdeel.objects.filter(organisatie=organisatie).order_by("naam"))
    if not onderdelen:
        from accounts.services import onderdeel_create

        onderdelen = [
            onderdeel_create(organisatie=organisatie, naam=n)
            for n in ("Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering")
        ]
    onderwerpen = list(Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).order_by("volgorde", "id"))
    if not onderwerpen:
        from taxonomie.services import load_presets

        load_presets(organisatie)
        onderwerpen = list(Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).order_by("volgorde", "id"))
    onderwerp_gewichten = [_onderwerp_gewicht(c) for c in onderwerpen]
    # Units differ in size: a fixed, rng-chosen weight per unit gives a realistic uneven spread.
    onderdeel_gewichten = [rng.uniform(0.5, 3.0) for _ in onderdelen]

    jaren = [(today.year - 3 + i, n) for i, n in enumerate(PER_JAAR)] + [(today.year, HUIDIG_JAAR)]
    dossiers: list[Dossier] = []
    bewaarmaanden = bewaartermijn.maanden_voor(organisatie, Dossier.BEWAARREGISTER)
    details: list[tuple[list[Categorie], list[str], list[str], list[str], datetime.date]] = []
    for jaar, aantal in jaren:
        for _ in range(aantal):
            eerste = _datum_in(rng, jaar, today)
            eigenaar = vps[0] if rng.random() < 0.6 else vps[1]
            # Older dossiers are nearly all closed; recent ones mostly open.
            leeftijd = (today - eerste).days
            gesloten = rng.random() < (0.97 if leeftijd > 120 else 0.5 if leeftijd > 45 else 0.1)
            afgesloten_op = (
                min(eerste + datetime.timedelta(days=rng.randint(7, 110)), today) if gesloten else None
            )
            soort = _kies(rng, SOORT_CONTACT)
            dossiers.append(
                dossier := Dossier(
                    organisatie=organisatie,
                    eigenaar=eigenaar,
                    vp_extern=extern.get(eigenaar.pk, False),
                    onderdeel=rng.choices(onderdelen, weights=onderdeel_gewichten)[0],
                    eerste_contact=eerste,
                    soort_contact=soort,
                    geslacht=_kies(rng, GESLACHT),
                    relatie_veroorzaker=_kies(rng, RELATIE),
                    verzuim=rng.choices(["ja", "nee", "onbekend"], weights=[18, 70, 12])[0],
                    resultaat=_kies(rng, RESULTAAT) if gesloten else "",
                    status=Status.AFGESLOTEN if gesloten else Status.OPEN,
                    afgesloten_op=afgesloten_op,
                )
            )
            if gesloten:  # as dossier_afsluiten does: the retention term starts at closing
                dossier.bewaring_starten(afgesloten_op, maanden=bewaarmaanden)
            aantal_onderwerpen = rng.choices([1, 2, 3], weights=[70, 24, 6])[0]
            gekozen: list[Categorie] = []
            while len(gekozen) < aantal_onderwerpen:
                c = rng.choices(onderwerpen, weights=onderwerp_gewichten)[0]
                if c not in gekozen:
                    gekozen.append(c)
            details.append(
                (
                    gekozen,
                    _meerdere(rng, HULPVRAAG, rng.choices([1, 2], weights=[70, 30])[0]),
                    _meerdere(rng, VERWIJZING, rng.choices([0, 1, 2], weights=[45, 40, 15])[0]),
                    _meerdere(rng, {"formele_melding": 6, "klacht": 3, "aangifte": 1}, 1)
                    if rng.random() < 0.12
                    else [],
                    afgesloten_op or today,
                )
            )
    kenmerken_toekennen(dossiers)
    Dossier.objects.bulk_create(dossiers, batch_size=500)

    through = Dossier.onderwerpen.through
    links, hulp, verw, verv, gesprekken = [], [], [], [], []
    for dossier, (gekozen, hulpvragen, verwijzingen, vervolgen, laatste) in zip(
        dossiers, details, strict=True
    ):
        links += [through(dossier_id=dossier.pk, categorie_id=c.pk) for c in gekozen]
        hulp += [DossierHulpvraag(dossier_id=dossier.pk, waarde=w) for w in hulpvragen]
        verw += [DossierVerwijzing(dossier_id=dossier.pk, waarde=w) for w in verwijzingen]
        verv += [DossierVervolg(dossier_id=dossier.pk, waarde=w) for w in vervolgen]
        span = (laatste - dossier.eerste_contact).days
        for i in range(rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 18, 10, 7])[0]):
            datum = (
                dossier.eerste_contact
                if i == 0
                else dossier.eerste_contact + datetime.timedelta(days=rng.randint(0, max(span, 0)))
            )
            gesprekken.append(
                Gesprek(
                    dossier_id=dossier.pk,
                    datum=datum,
                    vorm=_kies(rng, VORM),
                    gevoerd_door=dossier.eigenaar,
                    duur_minuten=rng.choice([20, 30, 45, 45, 60, 60, 60, 75, 90]),
                    notitie=rng.choice(NOTITIES) if rng.random() < 0.8 else "",
                )
            )
    through.objects.bulk_create(links, batch_size=1000)
    DossierHulpvraag.objects.bulk_create(hulp, batch_size=1000)
    DossierVerwijzing.objects.bulk_create(verw, batch_size=1000)
    DossierVervolg.objects.bulk_create(verv, batch_size=1000)
    Gesprek.objects.bulk_create(gesprekken, batch_size=1000)

    activiteiten, signalen = [], []
    for jaar, _ in jaren:
        n_act = 8 if jaar == today.year else rng.randint(18, 28)
        for _ in range(n_act):
            eigenaar = rng.choice(vps)
            soort = rng.choices(ActiviteitType.values, weights=[25, 15, 15, 15, 20, 10])[0]
            activiteiten.append(
                Activiteit(
                    organisatie=organisatie,
                    eigenaar=eigenaar,
                    vp_extern=extern.get(eigenaar.pk, False),
                    soort=soort,
                    datum=_datum_in(rng, jaar, today),
                    uren=Decimal(rng.choice([1, 1.5, 2, 2, 3, 4, 8])).quantize(Decimal("0.1")),
                    deelnemers=None if soort in ("intervisie", "spreekuur") else rng.randint(6, 60),
                    omschrijving=ACTIVITEIT_OMSCHRIJVING[soort],
                )
            )
        for _ in range(3 if jaar == today.year else rng.randint(5, 9)):
            signalen.append(
                Signaal(
                    organisatie=organisatie,
                    eigenaar=(eigenaar := rng.choice(vps)),
                    vp_extern=extern.get(eigenaar.pk, False),
                    datum=_datum_in(rng, jaar, today),
                    thema=rng.choice(SIGNAAL_THEMA),
                    aan=rng.choice(SignaalOntvanger.values),
                )
            )
    Activiteit.objects.bulk_create(activiteiten)
    Signaal.objects.bulk_create(signalen)
    audit(
        "demo_vp_gevuld",
        organisatie=organisatie,
        details={"dossiers": len(dossiers), "gesprekken": len(gesprekken)},
    )
    return (
        f"VP-registratie: {len(dossiers)} dossiers, {len(gesprekken)} gesprekken, {len(activiteiten)} activiteiten, "
        f"{len(signalen)} signalen ({jaren[0][0]}–{today.year})"
    )
