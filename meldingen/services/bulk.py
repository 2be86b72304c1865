"""Many meldingen at once (an import from an earlier register), by the same rules as `melding_create`.

The caller (uitwisseling/) reads and checks a file and hands over plain register data; this module is the only
place that turns it into register rows. It shares every rule with the single-record services: the kenmerk
counter (`KenmerkTeller.objects.reserveer`), the ontvangstbevestiging deadline (`termijnen`), the retention date
(`Bewaard.bewaring_starten`), the status history and its transition check (`workflow`, "Imported history"), and
the audit entries, one per record as the screens write them. All in bulk: a few queries per batch, not per row.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_bulk, nieuwe_regel
from accounts.models import Organisatie, Organisatieonderdeel, User
from bewaren import termijn as bewaartermijn
from meldingen import termijnen
from meldingen.models import (
    Betrokkene,
    Feitenonderzoek,
    Functiecategorie,
    InternTraject,
    KenmerkTeller,
    Maatregel,
    Melding,
    Status,
    StatusBron,
    StatusWijziging,
    Termijn,
    Uitvoering,
)
from meldingen.services.meldingen import ontvangen_tijdstip
from taxonomie.models import Categorie

BATCH = 500
KENMERK_PATROON = re.compile(r"^(\d{4})-(\d{1,6})$")


@dataclass(frozen=True)
class NieuweBetrokkene:
    functiecategorie: str = Functiecategorie.ONBEKEND
    bevinding: Categorie | None = None
    maatregelen: tuple[tuple[Categorie, datetime.date], ...] = ()  # (soort, besloten op)


@dataclass(frozen=True)
class NieuwOnderzoek:
    opdrachtgever: str
    uitvoering: str = Uitvoering.INTERN
    bureau: str = ""
    startdatum: datetime.date | None = None  # default: the date of receipt
    einddatum: datetime.date | None = None


@dataclass(frozen=True)
class NieuwTraject:
    startdatum: datetime.date | None = None  # default: the date of receipt
    einddatum: datetime.date | None = None


@dataclass(frozen=True)
class NieuweMelding:
    """The facts of one melding as the register keeps them. `status` is where it stands now; a status other than
    ontvangen is recorded as taken over from the earlier register (workflow.py, "Imported history")."""

    ontvangen_op: datetime.date
    kanaal: str
    bron: str
    spoor: str
    onderwerp: Categorie
    omschrijving: str
    onderdeel: Organisatieonderdeel | None = None
    aangifte: bool = False
    beoordeling: str = ""
    status: str = Status.ONTVANGEN
    afgehandeld_op: datetime.date | None = None
    status_reden: str = ""
    # A kenmerk from the earlier register is kept; YYYY-NNN of the year of receipt also keeps its number.
    kenmerk: str = ""
    betrokkenen: tuple[NieuweBetrokkene, ...] = ()
    onderzoek: NieuwOnderzoek | None = None
    traject: NieuwTraject | None = None
    audit_details: dict = field(default_factory=dict)


def _middag(dag: datetime.date, seconden: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12, 0, seconden)))


def _nummers(organisatie: Organisatie, gegevens: Sequence[NieuweMelding]) -> list[tuple[str, int]]:
    """(kenmerk, volgnummer) per melding, in order: kept YYYY-NNN numbers first, then new ones after them."""
    bezet: dict[int, set[int]] = defaultdict(set)
    nodig: dict[int, int] = defaultdict(int)
    for g in gegevens:
        match = KENMERK_PATROON.match(g.kenmerk)
        if match and int(match[1]) == g.ontvangen_op.year:
            bezet[g.ontvangen_op.year].add(int(match[2]))
        else:
            nodig[g.ontvangen_op.year] += 1
        # A YYYY-NNN of another year keeps its text and moves that year's counter on, so it is never handed out.
        if match and int(match[1]) != g.ontvangen_op.year:
            bezet[int(match[1])].add(int(match[2]))
    nieuw = {jaar: iter(KenmerkTeller.objects.reserveer(organisatie, jaar, aantal=nodig[jaar], bezet=bezet[jaar]))
             for jaar in sorted(set(bezet) | set(nodig))}
    uitkomst = []
    for g in gegevens:
        jaar = g.ontvangen_op.year
        match = KENMERK_PATROON.match(g.kenmerk)
        if match and int(match[1]) == jaar:
            uitkomst.append((g.kenmerk, int(match[2])))
        else:
            volgnummer = next(nieuw[jaar])
            uitkomst.append((g.kenmerk or Melding.kenmerk_voor(jaar, volgnummer), volgnummer))
    return uitkomst


@transaction.atomic
def meldingen_bulk_create(
    *, organisatie: Organisatie, door: User | None, gegevens: Sequence[NieuweMelding], request=None
) -> list[Melding]:
    """Creates the meldingen with their history, deadlines, retention dates, betrokkenen, measures, onderzoek and
    traject; returns them in the order given. Validates every row; raises ValidationError and writes nothing on
    the first that fails (the caller checked the file, so that is a programming error, not a user's)."""
    if not gegevens:
        return []
    maanden = bewaartermijn.maanden_voor(organisatie, Melding.BEWAARREGISTER)
    wbk = termijnen.wbk_per_spoor(organisatie)
    meldingen = []
    for g, (kenmerk, volgnummer) in zip(gegevens, _nummers(organisatie, gegevens), strict=True):
        melding = Melding(
            organisatie=organisatie, kenmerk=kenmerk, jaar=g.ontvangen_op.year, volgnummer=volgnummer,
            ontvangen_op=g.ontvangen_op, kanaal=g.kanaal, bron=g.bron, spoor=g.spoor, onderwerp=g.onderwerp,
            onderdeel=g.onderdeel, omschrijving=g.omschrijving, aangifte=g.aangifte, beoordeling=g.beoordeling,
            status=g.status, afgehandeld_op=g.afgehandeld_op if g.status == Status.AFGEHANDELD else None,
            aangemaakt_door=door,
        )
        if melding.afgehandeld_op is not None:
            melding.bewaring_starten(melding.afgehandeld_op, maanden=maanden)
        # The foreign keys come from this organisation's own lists; Melding.clean checks they belong to it, and
        # skipping their per-row existence query keeps thousands of rows fast.
        melding.full_clean(exclude=["organisatie", "onderwerp", "onderdeel", "aangemaakt_door", "huidige_wijziging"],
                           validate_unique=False, validate_constraints=False)
        meldingen.append(melding)
    Melding.objects.bulk_create(meldingen, batch_size=BATCH)

    wijzigingen, huidige = [], []
    for melding, g in zip(meldingen, gegevens, strict=True):
        eerste = StatusWijziging(melding=melding, van_status="", naar_status=Status.ONTVANGEN, door=door,
                                 tijdstip=ontvangen_tijdstip(melding.ontvangen_op))
        wijzigingen.append(eerste)
        laatste = eerste
        if melding.status != Status.ONTVANGEN:
            laatste = StatusWijziging(
                melding=melding, van_status=Status.ONTVANGEN, naar_status=melding.status, door=door,
                reden=g.status_reden, bron=StatusBron.IMPORT,
                # After the receipt row, also for a melding received and closed today.
                tijdstip=max(_middag(melding.afgehandeld_op or melding.ontvangen_op, 1),
                             eerste.tijdstip + datetime.timedelta(seconds=1)),
            )
            wijzigingen.append(laatste)
        huidige.append(laatste)
    StatusWijziging.objects.bulk_create(wijzigingen, batch_size=BATCH)
    for melding, wijziging in zip(meldingen, huidige, strict=True):
        melding.huidige_wijziging = wijziging
    Melding.objects.bulk_update(meldingen, ["huidige_wijziging"], batch_size=BATCH)

    # Wbk deadlines as melding_create starts them; a melding closed before it entered this register gets none.
    termijn_rijen = [termijnen.ontvangstbevestiging_termijn(m) for m in meldingen
                     if m.status != Status.AFGEHANDELD and wbk[m.spoor]]
    Termijn.objects.bulk_create(termijn_rijen, batch_size=BATCH)
    onderdelen = _onderdelen(meldingen, gegevens)
    _audit(meldingen, gegevens, onderdelen, door=door, termijn_voor={t.melding_id for t in termijn_rijen},
           request=request)
    return meldingen


def _onderdelen(meldingen: list[Melding], gegevens: Sequence[NieuweMelding]) -> list:
    """Betrokkenen (B1, B2 … per melding) with their measures, the onderzoek and the intern traject. Returns the
    created rows, each with its melding_id, for the audit."""
    betrokkenen, maatregelen_per, onderzoeken, trajecten = [], [], [], []
    for melding, g in zip(meldingen, gegevens, strict=True):
        for nummer, b in enumerate(g.betrokkenen, start=1):
            betrokkenen.append(Betrokkene(melding=melding, volgnummer=nummer, functiecategorie=b.functiecategorie,
                                          bevinding=b.bevinding))
            maatregelen_per.append(b.maatregelen)
        if g.onderzoek is not None:
            onderzoek = Feitenonderzoek(
                melding=melding, opdrachtgever=g.onderzoek.opdrachtgever, uitvoering=g.onderzoek.uitvoering, bureau=g.onderzoek.bureau,
                startdatum=g.onderzoek.startdatum or melding.ontvangen_op, einddatum=g.onderzoek.einddatum)
            onderzoek.clean()
            onderzoeken.append(onderzoek)
        if g.traject is not None:
            traject = InternTraject(melding=melding, startdatum=g.traject.startdatum or melding.ontvangen_op,
                                    einddatum=g.traject.einddatum)
            traject.clean()
            trajecten.append(traject)
    Betrokkene.objects.bulk_create(betrokkenen, batch_size=BATCH)
    # Each betrokkene followed by its measures: the order in which the screens add them.
    volgorde = []
    for b, per in zip(betrokkenen, maatregelen_per, strict=True):
        volgorde += [b, *(Maatregel(betrokkene=b, soort=soort, besloten_op=op) for soort, op in per)]
    Maatregel.objects.bulk_create([m for m in volgorde if isinstance(m, Maatregel)], batch_size=BATCH)
    Feitenonderzoek.objects.bulk_create(onderzoeken, batch_size=BATCH)
    InternTraject.objects.bulk_create(trajecten, batch_size=BATCH)
    return [*volgorde, *onderzoeken, *trajecten]


def _onderdeel_audit(obj) -> tuple[int, str, dict]:
    """(melding id, action, details) as the single-record service of that part writes them."""
    if isinstance(obj, Betrokkene):
        return obj.melding_id, "betrokkene_toegevoegd", {"betrokkene_id": obj.pk}
    if isinstance(obj, Maatregel):
        return obj.betrokkene.melding_id, "maatregel_toegevoegd", {
            "betrokkene_id": obj.betrokkene_id, "maatregel_id": obj.pk, "categorie_id": obj.soort_id}
    if isinstance(obj, Feitenonderzoek):
        return obj.melding_id, "feitenonderzoek_aangemaakt", {"melding_id": obj.melding_id,
                                                               "uitvoering": obj.uitvoering}
    return obj.melding_id, "intern_traject_gestart", {"traject_id": obj.pk}


def _audit(meldingen, gegevens, onderdelen, *, door, termijn_voor: set[int], request) -> None:
    """The entries the screens write for the same facts: created, each part, and the status it was taken over
    with; in that order per melding."""
    per_melding: dict[int, list] = defaultdict(list)
    for obj in onderdelen:
        melding_id, actie, details = _onderdeel_audit(obj)
        per_melding[melding_id].append((obj, actie, details))
    regels = []
    for melding, g in zip(meldingen, gegevens, strict=True):
        regels.append(nieuwe_regel(
            "melding_aangemaakt", gebruiker=door, organisatie=melding.organisatie_id, obj=melding, request=request,
            details={"spoor": melding.spoor, "identiteit_vastgelegd": False,
                     "termijn_gestart": termijnen.ONTVANGSTBEVESTIGING_7D.code if melding.pk in termijn_voor else None,
                     **g.audit_details}))
        for obj, actie, details in per_melding[melding.pk]:
            regels.append(nieuwe_regel(actie, gebruiker=door, organisatie=melding.organisatie_id, request=request,
                                       obj=melding if not isinstance(obj, Feitenonderzoek) else obj,
                                       details={**details, **g.audit_details}))
        if melding.status != Status.ONTVANGEN:
            regels.append(nieuwe_regel(
                "melding_status_gewijzigd", gebruiker=door, organisatie=melding.organisatie_id, obj=melding,
                request=request, details={"van": Status.ONTVANGEN, "naar": melding.status,
                                          "reden_opgegeven": bool(g.status_reden), "bron": StatusBron.IMPORT,
                                          **g.audit_details}))
    audit_bulk(regels)
