"""Synthetic import files and a throughput measurement (not a timed test: numbers are printed, never asserted).

`genereer_csv` is also what the tests use to build large files. `meet_import` runs one import inside a
transaction that is rolled back, so the benchmark leaves no data behind in the database it runs against.
"""

import datetime
import random
import time
import uuid

from django.db import transaction

from accounts.models import Organisatie, Organisatieonderdeel, Rol
from taxonomie.models import Categorie, Soort, categorie_naam
from uitwisseling.columns import MELDINGEN, VERTROUWENSPERSONEN, kolomnamen
from uitwisseling.exporteren import schrijf_csv


def _labels(organisatie: Organisatie, soort: str, jaar: int) -> list[str]:
    cats = list(Categorie.objects.van(organisatie, soort).geldig_in_jaar(jaar).select_related("parent"))
    parents = {c.parent_id: c.parent for c in cats if c.parent_id}
    return [categorie_naam(c, parents) for c in cats if c.pk not in parents]


def genereer_records(organisatie: Organisatie, register: str, aantal: int, *, jaar: int = 2024, seed: int = 1,
                     met_kenmerk: bool = True) -> list[dict]:
    """`aantal` valid rows for the organisation, spread over `jaar`, as dicts in the import columns."""
    rnd = random.Random(seed)  # noqa: S311 - test data, not security
    units = list(Organisatieonderdeel.objects.filter(organisatie=organisatie).geldig_in_jaar(jaar)
                 .values_list("naam", flat=True))
    start = datetime.date(jaar, 1, 1)
    records = []
    if register == MELDINGEN:
        onderwerpen = _labels(organisatie, Soort.INTEGRITEIT_ONDERWERP, jaar)
        bevindingen = _labels(organisatie, Soort.BEVINDING, jaar)
        maatregelen = _labels(organisatie, Soort.MAATREGEL, jaar)
        for i in range(aantal):
            ontvangen = start + datetime.timedelta(days=rnd.randrange(300))
            afgehandeld = ontvangen + datetime.timedelta(days=rnd.randrange(1, 60)) if rnd.random() < 0.8 else None
            records.append({
                "kenmerk": f"{jaar}-{i + 1:03d}" if met_kenmerk else "",
                "datum_ontvangst": ontvangen,
                "onderwerp": rnd.choice(onderwerpen),
                "bron": rnd.choice(["intern", "extern"]),
                "kanaal": rnd.choice(["leidinggevende", "vertrouwenspersoon", "coordinator", "meldpunt"]),
                "spoor": rnd.choice(["integriteit", "ongewenst_gedrag", ""]),
                "organisatieonderdeel": rnd.choice(units) if units else "",
                "feitenonderzoek": rnd.random() < 0.2,
                "intern_traject": False,
                "bevinding": rnd.choice(bevindingen) if afgehandeld else "",
                "gevolg": rnd.sample(maatregelen, rnd.randrange(0, 3)) if afgehandeld else [],
                "status": "afgehandeld" if afgehandeld else "in_behandeling",
                "datum_afgehandeld": afgehandeld,
                "aangifte": rnd.random() < 0.05,
                "aantal_betrokkenen": rnd.randrange(1, 3),
            })
    else:
        onderwerpen = _labels(organisatie, Soort.VP_ONDERWERP, jaar)
        for i in range(aantal):
            contact = start + datetime.timedelta(days=rnd.randrange(300))
            records.append({
                "kenmerk": f"IMP-{jaar}-{i + 1}" if met_kenmerk else "",
                "datum_eerste_contact": contact,
                "soort_contact": rnd.choice(["melding", "melding", "melding", "informatieverzoek"]),
                "onderwerpen": rnd.sample(onderwerpen, rnd.randrange(1, 3)),
                "organisatieonderdeel": rnd.choice(units),
                "geslacht": rnd.choice(["man", "vrouw", ""]),
                "relatie_veroorzaker": rnd.choice(["leidinggevende", "collega", ""]),
                "soort_hulpvraag": rnd.sample(["informatie", "uiten", "bemiddeling"], rnd.randrange(0, 3)),
                "verwezen_naar": rnd.sample(["bmw", "bedrijfsarts", "hr"], rnd.randrange(0, 2)),
                "vervolg": [],
                "resultaat": rnd.choice(["bespreekbaar", "onbekend", ""]),
                "verzuim_bij_aanmelding": rnd.choice(["ja", "nee", ""]),
                "aantal_gesprekken": rnd.randrange(0, 4),
                "datum_afgesloten": contact + datetime.timedelta(days=20) if rnd.random() < 0.5 else None,
            })
    assert all(list(r) == kolomnamen(register) for r in records)
    return records


def genereer_csv(organisatie: Organisatie, register: str, aantal: int, **kwargs) -> bytes:
    return schrijf_csv(register, genereer_records(organisatie, register, aantal, **kwargs))


def meet_import(aantal: int = 10_000, register: str = MELDINGEN, stdout=None) -> dict:
    """Imports `aantal` generated rows into a throw-away organisation and rolls everything back."""
    from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, organisatie_create
    from uitwisseling.importeren import importeer

    write = stdout.write if stdout else print
    with transaction.atomic():
        suffix = uuid.uuid4().hex[:8]
        org = organisatie_create(naam=f"Benchmark {suffix}", slug=f"benchmark-{suffix}", indeling="rijk",
                                 onderdelen=["Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering"])
        eigenaar = None
        if register == VERTROUWENSPERSONEN:
            eigenaar, _ = gebruiker_aanmaken_of_rol_toevoegen(
                email=f"benchmark-{suffix}@example.invalid", organisatie=org, rol=Rol.VERTROUWENSPERSOON)
        data = genereer_csv(org, register, aantal)
        begin = time.perf_counter()
        resultaat = importeer(data, organisatie=org, register=register, door=None, eigenaar=eigenaar, bron="cli")
        duur = time.perf_counter() - begin
        transaction.set_rollback(True)
    if not resultaat.ok:
        raise RuntimeError(f"benchmark file did not validate: {resultaat.fouten[:3]}")
    uitkomst = {"register": register, "rijen": aantal, "seconden": round(duur, 2),
                "rijen_per_seconde": round(aantal / duur) if duur else None, "bytes": len(data)}
    write(f"import {register}: {aantal} rijen in {duur:.2f} s = {uitkomst['rijen_per_seconde']} rijen/s "
          f"({len(data) // 1024} KiB, teruggedraaid)")
    return uitkomst
