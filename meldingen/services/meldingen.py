"""Writes on a melding itself: creation with its kenmerk and deadlines, edits, status, betrokkenen, logboek."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Organisatie, User
from accounts.wijzigen import wijzig_velden
from meldingen import termijnen, workflow
from meldingen.models import (
    Betrokkene,
    InternTraject,
    KenmerkTeller,
    LogboekRegel,
    Maatregel,
    Melding,
    Registerinstelling,
    SpoorInstelling,
    Status,
    StatusWijziging,
    Termijn,
    TermijnSoort,
)
from taxonomie.models import Categorie

# Fields a coordinator edits on the melding form; the audit lists which of these changed (names only).
MELDING_EDIT_FIELDS = (
    "ontvangen_op", "kanaal", "bron", "spoor", "onderwerp", "onderdeel", "omschrijving", "melder_identiteit",
    "aangifte", "aangifte_op", "organisatorische_maatregelen", "beoordeling",
)


class VerouderdeVersie(ValidationError):
    """Someone else saved the object after the user opened the form: refuse instead of overwriting."""

    def __init__(self, wat: str = "melding"):
        if wat == "onderzoek":
            message = _(
                "Iemand anders heeft dit feitenonderzoek intussen gewijzigd. Uw wijziging is niet opgeslagen: "
                "bekijk de actuele gegevens en voer uw wijziging opnieuw in."
            )
        else:
            message = _(
                "Iemand anders heeft deze melding intussen gewijzigd. Uw wijziging is niet opgeslagen: "
                "bekijk de actuele gegevens en voer uw wijziging opnieuw in."
            )
        super().__init__(message, code="verouderd")


def _start_ontvangstbevestiging(melding: Melding) -> Termijn | None:
    if not termijnen.wbk_actief(melding.organisatie, melding.spoor):
        return None
    if melding.termijnen.filter(soort=TermijnSoort.ONTVANGSTBEVESTIGING).exists():
        return None
    termijn = termijnen.ontvangstbevestiging_termijn(melding)
    termijn.full_clean()
    termijn.save()
    return termijn


def ontvangen_tijdstip(ontvangen_op: datetime.date | datetime.datetime, *, vandaag=None) -> datetime.datetime:
    """When the timeline of a melding starts: the receipt itself; a back-dated receipt (registered later, or
    imported) at its local noon; a receipt of today now."""
    if isinstance(ontvangen_op, datetime.datetime):
        return ontvangen_op
    if ontvangen_op < (vandaag or termijnen.vandaag()):
        return timezone.make_aware(datetime.datetime.combine(ontvangen_op, datetime.time(12, 0)))
    return timezone.now()


def _niet_vernietigd(melding: Melding | int) -> Melding:
    """The one guard of every write to a melding or to what hangs under it (betrokkenen, termijnen, onderzoek, ...).

    A destroyed melding keeps only its statistical facts; nothing may be written to it again. The melding row is
    locked and read afresh (the caller's copy may be older than a destruction), and the daily destruction locks
    the same row: a write and a destruction never interleave. Lock it before any row under it, as destruction
    does. Returns the locked melding.
    """
    locked = Melding.objects.select_for_update().get(pk=getattr(melding, "pk", melding))
    if locked.vernietigd_op is not None:
        raise ValidationError(_("Dit is al vernietigd."), code="vernietigd")
    return locked


def _lock(melding: Melding, versie: int | None) -> Melding:
    locked = _niet_vernietigd(melding)
    if versie is not None and locked.versie != versie:
        raise VerouderdeVersie()
    return locked


@transaction.atomic
def melding_create(
    *,
    organisatie: Organisatie,
    door: User | None,
    ontvangen_op: datetime.date | datetime.datetime,
    kanaal: str,
    bron: str,
    spoor: str,
    onderwerp: Categorie,
    omschrijving: str,
    onderdeel=None,
    melder_identiteit: str = "",
    aangifte: bool = False,
    aangifte_op: datetime.date | None = None,
    organisatorische_maatregelen: str = "",
    request=None,
) -> Melding:
    """Registers a received melding: kenmerk YYYY-NNN by the *local* date of receipt, status history, deadlines."""
    ontvangen = termijnen.local_date(ontvangen_op)
    melding = Melding(
        organisatie=organisatie, ontvangen_op=ontvangen, kanaal=kanaal, bron=bron, spoor=spoor,
        onderwerp=onderwerp, onderdeel=onderdeel, omschrijving=omschrijving,
        melder_identiteit=melder_identiteit.strip(), aangifte=aangifte, aangifte_op=aangifte_op,
        organisatorische_maatregelen=organisatorische_maatregelen, aangemaakt_door=door,
        jaar=ontvangen.year, volgnummer=0, kenmerk="-",
    )
    melding.full_clean(exclude=["kenmerk", "volgnummer", "jaar"])
    [melding.volgnummer] = KenmerkTeller.objects.reserveer(organisatie, ontvangen.year)
    melding.kenmerk = Melding.kenmerk_voor(ontvangen.year, melding.volgnummer)
    melding.save()
    wijziging = StatusWijziging.objects.create(
        melding=melding, van_status="", naar_status=Status.ONTVANGEN, door=door, tijdstip=ontvangen_tijdstip(ontvangen_op)
    )
    Melding.objects.filter(pk=melding.pk).update(huidige_wijziging=wijziging)
    melding.huidige_wijziging = wijziging
    termijn = _start_ontvangstbevestiging(melding)
    # No kenmerk (nor pseudonym, below): the beheerder reads the audit log; the object id identifies the entry.
    audit("melding_aangemaakt", gebruiker=door, organisatie=organisatie, obj=melding, request=request,
          details={"spoor": spoor, "identiteit_vastgelegd": bool(melding.melder_identiteit),
                   "termijn_gestart": termijn.regel if termijn else None})
    return melding


@transaction.atomic
def melding_update(*, melding: Melding, door: User, versie: int, request=None, **changes) -> Melding:
    unknown = set(changes) - set(MELDING_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    locked = _lock(melding, versie)
    if "melder_identiteit" in changes:
        changes["melder_identiteit"] = (changes["melder_identiteit"] or "").strip()
    changed = wijzig_velden(locked, changes)
    if not changed:
        return locked
    if "ontvangen_op" in changed and locked.ontvangen_op.year != locked.jaar:
        raise ValidationError({"ontvangen_op": _("De datum van ontvangst kan niet naar een ander jaar: het kenmerk "
                                                 "hoort bij het jaar van ontvangst.")})
    locked.full_clean()
    locked.versie = locked.versie + 1
    locked.save()
    if "spoor" in changed:
        _start_ontvangstbevestiging(locked)
    audit("melding_gewijzigd", gebruiker=door, obj=locked, request=request, details={"velden": changed})
    return locked


@transaction.atomic
def melding_change_status(
    *, melding: Melding, naar: str, door: User, versie: int | None, reden: str = "", request=None,
    op: datetime.datetime | None = None,
) -> StatusWijziging:
    """`op` back-dates the change (imports and demo data); by default it happens now."""
    tijdstip = op or timezone.now()
    locked = _lock(melding, versie)
    workflow.check_transition(locked, naar, reden)
    van = locked.status
    wijziging = StatusWijziging(
        melding=locked, van_status=van, naar_status=naar, reden=reden.strip(), door=door, tijdstip=tijdstip
    )
    wijziging.full_clean()
    wijziging.save()
    locked.status = naar
    locked.huidige_wijziging = wijziging
    if naar == Status.AFGEHANDELD:
        locked.afgehandeld_op = termijnen.local_date(tijdstip)
        locked.bewaring_starten(locked.afgehandeld_op)
    elif naar == Status.HEROPEND:
        locked.afgehandeld_op = None
        locked.bewaring_stoppen()
    locked.bewaarbericht_op = None
    locked.versie = locked.versie + 1
    locked.save(update_fields=["status", "huidige_wijziging", "afgehandeld_op", "versie", "gewijzigd_op",
                               "vernietigen_op", "verlenging_reden", "bewaarbericht_op"])
    audit("melding_status_gewijzigd", gebruiker=door, obj=locked, request=request,
          details={"van": van, "naar": naar, "reden_opgegeven": bool(reden.strip())})
    melding.status, melding.versie = locked.status, locked.versie
    return wijziging


@transaction.atomic
def termijn_voldaan(*, termijn: Termijn, voldaan_op: datetime.date, door: User, request=None) -> Termijn:
    """Records when a deadline was met; meeting the ontvangstbevestiging starts the 3-month terugkoppeling."""
    _niet_vernietigd(termijn.melding_id)
    termijn = Termijn.objects.select_for_update().select_related("melding__organisatie").get(pk=termijn.pk)
    if termijn.voldaan_op is not None:
        raise ValidationError(_("Deze termijn is al als voldaan vastgelegd."))
    if voldaan_op < termijn.gestart_op:
        raise ValidationError(_("De datum ligt vóór de start van de termijn."))
    if voldaan_op > termijnen.vandaag():
        raise ValidationError(_("De datum ligt in de toekomst."))
    termijn.voldaan_op = voldaan_op
    termijn.full_clean()
    termijn.save(update_fields=["voldaan_op"])
    vervolg = None
    if termijn.soort == TermijnSoort.ONTVANGSTBEVESTIGING:
        regel = termijnen.TERUGKOPPELING_3M
        vervolg, _created = Termijn.objects.get_or_create(
            melding=termijn.melding, soort=regel.soort,
            defaults={"regel": regel.code, "gestart_op": voldaan_op,
                      "uiterlijk_op": termijnen.terugkoppeling_uiterlijk(voldaan_op)},
        )
    audit("termijn_voldaan", gebruiker=door, obj=termijn.melding, request=request,
          details={"termijn_id": termijn.pk, "soort": termijn.soort, "op_tijd": voldaan_op <= termijn.uiterlijk_op,
                   "vervolgtermijn": vervolg.regel if vervolg else None})
    return termijn


def melder_identiteit_tonen(*, melding: Melding, door: User, request=None) -> str:
    """The only way the identity is read: every showing is audited."""
    audit("melder_identiteit_getoond", gebruiker=door, obj=melding, request=request)
    return melding.melder_identiteit


@transaction.atomic
def logboek_add(*, melding: Melding, door: User, notitie: str, request=None) -> LogboekRegel:
    _niet_vernietigd(melding)
    regel = LogboekRegel(melding=melding, door=door, notitie=notitie.strip(), tijdstip=timezone.now())
    regel.full_clean()
    regel.save()
    audit("logboek_toegevoegd", gebruiker=door, obj=melding, request=request, details={"logboekregel_id": regel.pk})
    return regel


@transaction.atomic
def betrokkene_add(
    *, melding: Melding, door: User, functiecategorie: str, bevinding: Categorie | None = None, request=None
) -> Betrokkene:
    _niet_vernietigd(melding)  # its row lock also serialises the B-numbers per melding
    nummer = (melding.betrokkenen.aggregate(m=Max("volgnummer"))["m"] or 0) + 1
    betrokkene = Betrokkene(melding=melding, volgnummer=nummer, functiecategorie=functiecategorie, bevinding=bevinding)
    betrokkene.full_clean()
    betrokkene.save()
    audit("betrokkene_toegevoegd", gebruiker=door, obj=melding, request=request,
          details={"betrokkene_id": betrokkene.pk})
    return betrokkene


@transaction.atomic
def betrokkene_update(
    *, betrokkene: Betrokkene, door: User, functiecategorie: str, bevinding: Categorie | None, request=None
) -> Betrokkene:
    _niet_vernietigd(betrokkene.melding_id)
    changed = wijzig_velden(betrokkene, {"functiecategorie": functiecategorie, "bevinding": bevinding})
    betrokkene.full_clean()
    betrokkene.save()
    audit("betrokkene_gewijzigd", gebruiker=door, obj=betrokkene.melding, request=request,
          details={"betrokkene_id": betrokkene.pk, "velden": changed})
    return betrokkene


@transaction.atomic
def maatregel_add(
    *, betrokkene: Betrokkene, door: User, soort: Categorie, besloten_op: datetime.date, request=None
) -> Maatregel:
    _niet_vernietigd(betrokkene.melding_id)
    maatregel = Maatregel(betrokkene=betrokkene, soort=soort, besloten_op=besloten_op)
    maatregel.full_clean()
    maatregel.save()
    audit("maatregel_toegevoegd", gebruiker=door, obj=betrokkene.melding, request=request,
          details={"betrokkene_id": betrokkene.pk, "maatregel_id": maatregel.pk, "categorie_id": soort.pk})
    return maatregel


@transaction.atomic
def traject_create(*, melding: Melding, door: User, startdatum: datetime.date, request=None) -> InternTraject:
    _niet_vernietigd(melding)
    traject = InternTraject(melding=melding, startdatum=startdatum)
    traject.full_clean()
    traject.save()
    audit("intern_traject_gestart", gebruiker=door, obj=melding, request=request, details={"traject_id": traject.pk})
    return traject


@transaction.atomic
def traject_update(
    *, traject: InternTraject, door: User, startdatum: datetime.date, einddatum: datetime.date | None,
    resultaat: str, request=None,
) -> InternTraject:
    _niet_vernietigd(traject.melding_id)
    traject.startdatum, traject.einddatum, traject.resultaat = startdatum, einddatum, resultaat
    traject.full_clean()
    traject.save()
    audit("intern_traject_gewijzigd", gebruiker=door, obj=traject.melding, request=request,
          details={"traject_id": traject.pk, "resultaat": resultaat})
    return traject


@transaction.atomic
def onderzoekstoegang_set(*, organisatie: Organisatie, dagen: int, door: User, request=None) -> Registerinstelling:
    """How many days an onderzoeker keeps reading a finished investigation (meldingen/onderzoekstoegang.py)."""
    instelling = Registerinstelling.objects.filter(organisatie=organisatie).first() or Registerinstelling(
        organisatie=organisatie)
    if instelling.pk and instelling.onderzoekstoegang_dagen == dagen:
        return instelling
    instelling.onderzoekstoegang_dagen = dagen
    instelling.full_clean()
    instelling.save()
    audit("registerinstelling_gewijzigd", gebruiker=door, organisatie=organisatie, obj=instelling, request=request,
          details={"onderzoekstoegang_dagen": dagen})
    return instelling


@transaction.atomic
def spoorinstelling_set(*, organisatie: Organisatie, spoor: str, wbk_termijnen: bool, door: User,
                        request=None) -> SpoorInstelling | None:
    """Switches the Wbk deadlines for new meldingen of a spoor. Deadlines already started stay as they are."""
    instelling = SpoorInstelling.objects.filter(organisatie=organisatie, spoor=spoor).first()
    if termijnen.wbk_actief(organisatie, spoor) == wbk_termijnen:
        return instelling  # nothing changes (also not when it equals the default and no row exists)
    if instelling is None:
        instelling = SpoorInstelling(organisatie=organisatie, spoor=spoor, wbk_termijnen=wbk_termijnen)
    instelling.wbk_termijnen = wbk_termijnen
    instelling.full_clean()
    instelling.save()
    audit("spoorinstelling_gewijzigd", gebruiker=door, organisatie=organisatie, obj=instelling, request=request,
          details={"spoor": spoor, "wbk_termijnen": wbk_termijnen})
    return instelling
