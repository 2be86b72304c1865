"""Many VP-dossiers at once (an import from an earlier register), by the same rules as the screens' services.

The caller (uitwisseling/) reads and checks a file and hands over plain register data; this module is the only
place that turns it into VP rows. It shares the rules of `dossier_create`, `dossier_afsluiten` and `gesprek_create`:
the owner must be an active VP (intern/extern is taken from that membership), the retention date of a closed
dossier (`Bewaard.bewaring_starten`), a gesprek never before the first contact (`Gesprek.clean`), and the audit
entries, one per record as the screens write them. All in bulk: a few queries per batch, not per row.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from accounts.audit import audit_bulk, nieuwe_regel
from accounts.models import Organisatie, Organisatieonderdeel, User
from bewaren import termijn as bewaartermijn
from taxonomie.models import Categorie
from vertrouwenspersonen.models import (
    Dossier,
    DossierHulpvraag,
    DossierVervolg,
    DossierVerwijzing,
    Gesprek,
    Status,
    Verzuim,
)
from vertrouwenspersonen.services.dossiers import DOSSIER_VELDEN, KEUZELIJSTEN, vp_lidmaatschap

BATCH = 500


@dataclass(frozen=True)
class NieuwGesprek:
    datum: datetime.date
    vorm: str = ""  # empty: not recorded
    duur_minuten: int | None = None


@dataclass(frozen=True)
class NieuwDossier:
    eerste_contact: datetime.date
    soort_contact: str
    onderdeel: Organisatieonderdeel | None = None
    onderwerpen: tuple[Categorie, ...] = ()
    geslacht: str = ""
    relatie_veroorzaker: str = ""
    verzuim: str = Verzuim.ONBEKEND
    resultaat: str = ""
    afgesloten_op: datetime.date | None = None
    hulpvragen: tuple[str, ...] = ()
    verwijzingen: tuple[str, ...] = ()
    vervolgen: tuple[str, ...] = ()
    gesprekken: tuple[NieuwGesprek, ...] = ()
    audit_details: dict = field(default_factory=dict)


def _gevulde_velden(dossier: Dossier, gegevens: NieuwDossier) -> list[str]:
    """What `dossier_create` audits: the names of the fields that hold something (never their values)."""
    lijsten = ("onderwerpen", *KEUZELIJSTEN)
    return sorted(
        veld for veld in (*DOSSIER_VELDEN, *lijsten) if veld not in ("onderdeel", "eerste_contact")
        and bool(getattr(gegevens, veld) if veld in lijsten else getattr(dossier, veld))
    )


@transaction.atomic
def dossiers_bulk_create(
    *, organisatie: Organisatie, eigenaar: User, gegevens: Sequence[NieuwDossier], request=None
) -> list[Dossier]:
    """Creates the dossiers (open, or closed on `afgesloten_op`) with topics, lists and gesprekken, owned by
    `eigenaar`; returns them in the order given. Raises ValidationError and writes nothing on a row that fails."""
    if not gegevens:
        return []
    lid = vp_lidmaatschap(gebruiker=eigenaar, organisatie=organisatie)
    maanden = bewaartermijn.maanden_voor(organisatie, Dossier.BEWAARREGISTER)
    dossiers = []
    for g in gegevens:
        dossier = Dossier(
            organisatie=organisatie, eigenaar=eigenaar, vp_extern=lid.extern, onderdeel=g.onderdeel,
            eerste_contact=g.eerste_contact, soort_contact=g.soort_contact, geslacht=g.geslacht,
            relatie_veroorzaker=g.relatie_veroorzaker, verzuim=g.verzuim, resultaat=g.resultaat,
            status=Status.AFGESLOTEN if g.afgesloten_op else Status.OPEN, afgesloten_op=g.afgesloten_op,
        )
        if g.afgesloten_op:
            dossier.bewaring_starten(g.afgesloten_op, maanden=maanden)
        dossier.full_clean(exclude=["organisatie", "eigenaar", "onderdeel"], validate_unique=False,
                           validate_constraints=False)
        dossiers.append(dossier)
    Dossier.objects.bulk_create(dossiers, batch_size=BATCH)

    through = Dossier.onderwerpen.through
    onderwerpen, gesprekken = [], []
    keuzes = {DossierHulpvraag: [], DossierVerwijzing: [], DossierVervolg: []}
    for dossier, g in zip(dossiers, gegevens, strict=True):
        onderwerpen += [through(dossier_id=dossier.pk, categorie_id=c.pk) for c in g.onderwerpen]
        keuzes[DossierHulpvraag] += [DossierHulpvraag(dossier=dossier, waarde=w) for w in g.hulpvragen]
        keuzes[DossierVerwijzing] += [DossierVerwijzing(dossier=dossier, waarde=w) for w in g.verwijzingen]
        keuzes[DossierVervolg] += [DossierVervolg(dossier=dossier, waarde=w) for w in g.vervolgen]
        for n in g.gesprekken:
            gesprek = Gesprek(dossier=dossier, datum=n.datum, vorm=n.vorm, duur_minuten=n.duur_minuten,
                              gevoerd_door=eigenaar)
            gesprek.clean()
            gesprekken.append(gesprek)
    through.objects.bulk_create(onderwerpen, batch_size=BATCH)
    for model, rijen in keuzes.items():
        model.objects.bulk_create(rijen, batch_size=BATCH)
    Gesprek.objects.bulk_create(gesprekken, batch_size=BATCH)
    _audit(dossiers, gegevens, gesprekken, eigenaar=eigenaar, request=request)
    return dossiers


def _audit(dossiers, gegevens, gesprekken, *, eigenaar, request) -> None:
    """The entries the screens write for the same facts: created, each gesprek, and closed."""
    per_dossier: dict[int, list[Gesprek]] = {}
    for gesprek in gesprekken:
        per_dossier.setdefault(gesprek.dossier_id, []).append(gesprek)
    regels = []
    for dossier, g in zip(dossiers, gegevens, strict=True):
        def regel(actie, details, dossier=dossier, g=g):
            return nieuwe_regel(actie, gebruiker=eigenaar, organisatie=dossier.organisatie_id, obj=dossier,
                                request=request, details={**details, **g.audit_details})

        regels.append(regel("dossier_aangemaakt", {"velden": _gevulde_velden(dossier, g)}))
        regels += [regel("gesprek_toegevoegd", {"gesprek_id": gesprek.pk}) for gesprek in per_dossier.get(dossier.pk, [])]
        if dossier.afgesloten_op:
            regels.append(regel("dossier_afgesloten", {"afgesloten_op": dossier.afgesloten_op.isoformat()}))
    audit_bulk(regels)
