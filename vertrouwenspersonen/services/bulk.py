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
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_bulk, nieuwe_regel
from accounts.models import Organisatie, Organisatieonderdeel, User
from accounts.snel_invoegen import snel_invoegen
from bewaren import termijn as bewaartermijn
from taxonomie.models import Categorie
from vertrouwenspersonen.models import (
    Activiteit,
    Dossier,
    DossierHulpvraag,
    DossierVervolg,
    DossierVerwijzing,
    Gesprek,
    Signaal,
    Status,
    Verzuim,
)
from vertrouwenspersonen.services.dossiers import DOSSIER_VELDEN, KEUZELIJSTEN, kenmerken_toekennen, vp_lidmaatschap

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
        dossier.full_clean(exclude=["organisatie", "eigenaar", "onderdeel", "kenmerk", "jaar", "volgnummer"],
                           validate_unique=False, validate_constraints=False)
        dossiers.append(dossier)
    kenmerken_toekennen(dossiers)
    snel_invoegen(dossiers)

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
    snel_invoegen(onderwerpen)
    for rijen in keuzes.values():
        snel_invoegen(rijen)
    snel_invoegen(gesprekken)
    _audit(dossiers, gegevens, gesprekken, eigenaar=eigenaar, request=request)
    return dossiers


def _audit(dossiers, gegevens, gesprekken, *, eigenaar, request) -> None:
    """One entry per dossier: what `dossier_create` audits, and, as a count and a date, the gesprekken and the
    closing the screens audit as entries of their own (an import is one act per record)."""
    per_dossier: dict[int, int] = {}
    for gesprek in gesprekken:
        per_dossier[gesprek.dossier_id] = per_dossier.get(gesprek.dossier_id, 0) + 1
    regels = []
    for dossier, g in zip(dossiers, gegevens, strict=True):
        details = {"velden": _gevulde_velden(dossier, g), "gesprekken": per_dossier.get(dossier.pk, 0)}
        if dossier.afgesloten_op:
            details["afgesloten_op"] = dossier.afgesloten_op.isoformat()
        regels.append(nieuwe_regel("dossier_aangemaakt", gebruiker=eigenaar, organisatie=dossier.organisatie_id,
                                   obj=dossier, request=request, details={**details, **g.audit_details}))
    audit_bulk(regels)


@transaction.atomic
def gesprekken_bulk_create(
    *, eigenaar: User, gesprekken: Sequence[tuple[Dossier, NieuwGesprek]], request=None
) -> list[Gesprek]:
    """Adds gesprekken to the owner's own dossiers, as `gesprek_create` does (also to a closed dossier: a gesprek
    taken over from an earlier register happened while it was open). Audited per gesprek against its dossier."""
    if not gesprekken:
        return []
    rijen = []
    for dossier, n in gesprekken:
        if dossier.eigenaar_id != eigenaar.pk or dossier.vernietigd_op is not None:
            raise ValidationError(_("Een gesprek hoort bij een eigen dossier dat niet is vernietigd."))
        gesprek = Gesprek(dossier=dossier, datum=n.datum, vorm=n.vorm, duur_minuten=n.duur_minuten,
                          gevoerd_door=eigenaar)
        gesprek.full_clean(exclude=["dossier", "gevoerd_door"])
        rijen.append(gesprek)
    snel_invoegen(rijen)
    audit_bulk([nieuwe_regel("gesprek_toegevoegd", gebruiker=eigenaar, organisatie=g.dossier.organisatie_id,
                             obj=g.dossier, request=request, details={"gesprek_id": g.pk, "via": "import"})
                for g in rijen])
    return rijen


@dataclass(frozen=True)
class NieuweActiviteit:
    datum: datetime.date
    soort: str
    uren: Decimal
    deelnemers: int | None = None


@transaction.atomic
def activiteiten_bulk_create(
    *, organisatie: Organisatie, eigenaar: User, gegevens: Sequence[NieuweActiviteit], request=None
) -> list[Activiteit]:
    """The VP's activiteiten, as `activiteit_opslaan` creates them (intern/extern from the membership)."""
    if not gegevens:
        return []
    lid = vp_lidmaatschap(gebruiker=eigenaar, organisatie=organisatie)
    rijen = []
    for g in gegevens:
        activiteit = Activiteit(organisatie=organisatie, eigenaar=eigenaar, vp_extern=lid.extern, soort=g.soort,
                                datum=g.datum, uren=g.uren, deelnemers=g.deelnemers)
        activiteit.full_clean(exclude=["organisatie", "eigenaar"])
        rijen.append(activiteit)
    snel_invoegen(rijen)
    velden = ("soort", "datum", "uren", "deelnemers", "omschrijving")
    audit_bulk([nieuwe_regel("activiteit_aangemaakt", gebruiker=eigenaar, organisatie=organisatie.pk, obj=a,
                             request=request, details={"velden": list(velden), "via": "import"})
                for a in rijen])
    return rijen


@dataclass(frozen=True)
class NieuwSignaal:
    datum: datetime.date
    aan: str
    thema: str


@transaction.atomic
def signalen_bulk_create(
    *, organisatie: Organisatie, eigenaar: User, gegevens: Sequence[NieuwSignaal], request=None
) -> list[Signaal]:
    """The VP's signalen, as `signaal_opslaan` creates them (intern/extern from the membership)."""
    if not gegevens:
        return []
    lid = vp_lidmaatschap(gebruiker=eigenaar, organisatie=organisatie)
    rijen = []
    for g in gegevens:
        signaal = Signaal(organisatie=organisatie, eigenaar=eigenaar, vp_extern=lid.extern, datum=g.datum,
                          thema=g.thema, aan=g.aan)
        signaal.full_clean(exclude=["organisatie", "eigenaar"])
        rijen.append(signaal)
    snel_invoegen(rijen)
    audit_bulk([nieuwe_regel("signaal_aangemaakt", gebruiker=eigenaar, organisatie=organisatie.pk, obj=s,
                             request=request, details={"velden": ["datum", "thema", "aan"], "via": "import"})
                for s in rijen])
    return rijen
