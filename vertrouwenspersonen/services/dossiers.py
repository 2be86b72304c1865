"""Writes on a VP-dossier itself: first contact, edits, closing and reopening."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, User
from accounts.wijzigen import wijzig_velden
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import (
    Dossier,
    DossierHulpvraag,
    DossierVervolg,
    DossierVerwijzing,
    KenmerkTeller,
    Status,
)
from vertrouwenspersonen.services.gesprekken import gesprek_create

# The multi-valued fixed lists and the child table holding each.
KEUZELIJSTEN = {
    "hulpvragen": DossierHulpvraag,
    "verwijzingen": DossierVerwijzing,
    "vervolgen": DossierVervolg,
}
# Plain fields of a dossier that the form may set.
DOSSIER_VELDEN = (
    "onderdeel",
    "eerste_contact",
    "soort_contact",
    "geslacht",
    "relatie_veroorzaker",
    "verzuim",
    "resultaat",
    "notitie",
)


def vp_lidmaatschap(*, gebruiker: User, organisatie: Organisatie) -> Lidmaatschap:
    lid = Lidmaatschap.objects.actieve_rol(gebruiker, organisatie, Rol.VERTROUWENSPERSOON)
    if lid is None:
        raise PermissionDenied("Not an active vertrouwenspersoon of this organisation.")
    return lid


def kenmerken_toekennen(dossiers: Sequence[Dossier]) -> None:
    """Numbers new dossiers per organisation and year of the first contact, earliest contact first: VP-2026-001.
    The one place VP kenmerken are made (every writer of new dossiers passes here); call it inside the
    transaction that saves them, which holds the counter's row lock until then."""
    per_jaar: dict[tuple[int, int], list[Dossier]] = defaultdict(list)
    for dossier in dossiers:
        per_jaar[(dossier.organisatie_id, dossier.eerste_contact.year)].append(dossier)
    for (organisatie_id, jaar), groep in per_jaar.items():
        groep.sort(key=lambda d: d.eerste_contact)
        nummers = KenmerkTeller.objects.reserveer(organisatie_id, jaar, aantal=len(groep))
        for dossier, nummer in zip(groep, nummers, strict=True):
            dossier.jaar, dossier.volgnummer = jaar, nummer
            dossier.kenmerk = Dossier.kenmerk_voor(jaar, nummer)


def _check_onderwerpen(
    *, organisatie: Organisatie, onderwerpen: Iterable[Categorie], datum, bestaand=()
) -> list:
    onderwerpen = list(onderwerpen)
    if not onderwerpen:
        raise ValidationError({"onderwerpen": _("Kies ten minste één onderwerp.")})
    bestaand_ids = {c.pk for c in bestaand}
    for categorie in onderwerpen:
        if categorie.organisatie_id != organisatie.pk or categorie.soort != Soort.VP_ONDERWERP:
            raise ValidationError(
                {"onderwerpen": _("Dit onderwerp hoort niet bij de vertrouwenspersonen van uw organisatie.")}
            )
        geldig = categorie.geldig_van <= datum and (
            categorie.geldig_tot is None or categorie.geldig_tot >= datum
        )
        if not geldig and categorie.pk not in bestaand_ids:
            raise ValidationError(
                {
                    "onderwerpen": _(
                        "Het onderwerp ‘%(label)s’ was niet geldig op de datum van het eerste contact."
                    )
                    % {"label": categorie.label}
                }
            )
    return onderwerpen


def _check_onderdeel(
    *, organisatie: Organisatie, onderdeel: Organisatieonderdeel | None, datum, bestaand_id=None
) -> None:
    if onderdeel is None:
        return  # not recorded (optional: see Dossier.onderdeel)
    if onderdeel.organisatie_id != organisatie.pk:
        raise ValidationError({"onderdeel": _("Dit organisatieonderdeel hoort niet bij uw organisatie.")})
    geldig = onderdeel.geldig_van <= datum and (onderdeel.geldig_tot is None or onderdeel.geldig_tot >= datum)
    if not geldig and onderdeel.pk != bestaand_id:
        raise ValidationError(
            {"onderdeel": _("Dit organisatieonderdeel bestond niet op de datum van het eerste contact.")}
        )


def _gevuld(dossier: Dossier, veld: str) -> bool:
    if veld in KEUZELIJSTEN or veld == "onderwerpen":
        return getattr(dossier, veld).exists()
    return bool(getattr(dossier, veld))


def _set_keuzes(dossier: Dossier, naam: str, waarden: Iterable[str]) -> bool:
    """Replaces the chosen values of one list. Returns whether anything changed."""
    model = KEUZELIJSTEN[naam]
    nieuw = set(waarden)
    oud = set(model.objects.filter(dossier=dossier).values_list("waarde", flat=True))
    if nieuw == oud:
        return False
    model.objects.filter(dossier=dossier, waarde__in=oud - nieuw).delete()
    rows = [model(dossier=dossier, waarde=w) for w in sorted(nieuw - oud)]
    for row in rows:
        row.full_clean(exclude=["dossier"])
    model.objects.bulk_create(rows)
    return True



@transaction.atomic
def dossier_create(
    *,
    organisatie: Organisatie,
    eigenaar: User,
    soort_contact: str,
    onderdeel: Organisatieonderdeel | None = None,
    onderwerpen: Iterable[Categorie],
    eerste_contact: datetime.date | None = None,
    geslacht: str = "",
    relatie_veroorzaker: str = "",
    verzuim: str = "onbekend",
    hulpvragen: Iterable[str] = (),
    verwijzingen: Iterable[str] = (),
    vervolgen: Iterable[str] = (),
    resultaat: str = "",
    notitie: str = "",
    eerste_gesprek: dict | None = None,
    request=None,
) -> Dossier:
    """Registers a first contact. The owner must be an active VP of the organisation. `eerste_gesprek` (vorm,
    duur_minuten) records the conversation of the first contact with it, on the same date, in the same step."""
    lid = vp_lidmaatschap(gebruiker=eigenaar, organisatie=organisatie)
    eerste_contact = eerste_contact or timezone.localdate()
    _check_onderdeel(organisatie=organisatie, onderdeel=onderdeel, datum=eerste_contact)
    onderwerpen = _check_onderwerpen(organisatie=organisatie, onderwerpen=onderwerpen, datum=eerste_contact)
    dossier = Dossier(
        organisatie=organisatie,
        eigenaar=eigenaar,
        vp_extern=lid.extern,
        onderdeel=onderdeel,
        eerste_contact=eerste_contact,
        soort_contact=soort_contact,
        geslacht=geslacht,
        relatie_veroorzaker=relatie_veroorzaker,
        verzuim=verzuim,
        resultaat=resultaat,
        notitie=notitie,
    )
    dossier.full_clean(exclude=["kenmerk", "jaar", "volgnummer"])
    kenmerken_toekennen([dossier])
    dossier.save()
    dossier.onderwerpen.set(onderwerpen)
    _set_keuzes(dossier, "hulpvragen", hulpvragen)
    _set_keuzes(dossier, "verwijzingen", verwijzingen)
    _set_keuzes(dossier, "vervolgen", vervolgen)
    audit(
        "dossier_aangemaakt",
        gebruiker=eigenaar,
        obj=dossier,
        request=request,
        # Field names only: the contact type and topics are dossier content the beheerder must not read.
        details={"velden": sorted(veld for veld in (*DOSSIER_VELDEN, "onderwerpen", *KEUZELIJSTEN)
                                  if veld not in ("onderdeel", "eerste_contact") and _gevuld(dossier, veld))},
    )
    if eerste_gesprek is not None:
        gesprek_create(dossier=dossier, door=eigenaar, datum=eerste_contact, request=request, **eerste_gesprek)
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, door: User, request=None, **wijzigingen) -> Dossier:
    """Changes plain fields, onderwerpen and the multi-valued lists. Only what is passed changes."""
    unknown = set(wijzigingen) - set(DOSSIER_VELDEN) - set(KEUZELIJSTEN) - {"onderwerpen"}
    if unknown:
        raise TypeError(f"Unknown dossier fields: {sorted(unknown)}")
    if dossier.vernietigd_op is not None:
        raise ValidationError(_("Dit is al vernietigd."))
    gewijzigd = wijzig_velden(dossier, {veld: wijzigingen[veld] for veld in DOSSIER_VELDEN if veld in wijzigingen})
    bestaande_onderwerpen = list(dossier.onderwerpen.all())
    if "eerste_contact" in gewijzigd and dossier.eerste_contact.year != dossier.jaar:
        raise ValidationError({"eerste_contact": _(
            "Het eerste contact kan niet naar een ander jaar: het kenmerk %(kenmerk)s hoort bij %(jaar)s."
        ) % {"kenmerk": dossier.kenmerk, "jaar": dossier.jaar}})
    if "onderdeel" in gewijzigd or "eerste_contact" in gewijzigd:
        bestaand_id = Dossier.objects.filter(pk=dossier.pk).values_list("onderdeel_id", flat=True).first()
        _check_onderdeel(
            organisatie=dossier.organisatie,
            onderdeel=dossier.onderdeel,
            datum=dossier.eerste_contact,
            bestaand_id=bestaand_id,
        )
    if "eerste_contact" in gewijzigd and dossier.gesprekken.filter(datum__lt=dossier.eerste_contact).exists():
        # Gesprek.clean refuses a gesprek before the first contact; moving the first contact past one would
        # leave such a gesprek behind.
        raise ValidationError(
            {"eerste_contact": _("Het eerste contact kan niet na een gesprek in dit dossier liggen.")}
        )
    if "onderwerpen" in wijzigingen:
        onderwerpen = _check_onderwerpen(
            organisatie=dossier.organisatie,
            onderwerpen=wijzigingen["onderwerpen"],
            datum=dossier.eerste_contact,
            bestaand=bestaande_onderwerpen,
        )
        if {c.pk for c in onderwerpen} != {c.pk for c in bestaande_onderwerpen}:
            gewijzigd.append("onderwerpen")
    dossier.full_clean()
    dossier.save()
    if "onderwerpen" in gewijzigd:
        dossier.onderwerpen.set(onderwerpen)
    for naam in KEUZELIJSTEN:
        if naam in wijzigingen and _set_keuzes(dossier, naam, wijzigingen[naam]):
            gewijzigd.append(naam)
    if gewijzigd:
        audit(
            "dossier_gewijzigd", gebruiker=door, obj=dossier, request=request, details={"velden": gewijzigd}
        )
    return dossier


@transaction.atomic
def dossier_afsluiten(
    *, dossier: Dossier, datum: datetime.date, door: User, resultaat: str | None = None, request=None
) -> Dossier:
    if dossier.status == Status.AFGESLOTEN:
        raise ValidationError(_("Dit dossier is al afgesloten."))
    if datum > timezone.localdate():
        raise ValidationError({"afgesloten_op": _("De afsluitdatum kan niet in de toekomst liggen.")})
    dossier.status = Status.AFGESLOTEN
    dossier.afgesloten_op = datum
    dossier.bewaring_starten(datum)
    if resultaat is not None:
        dossier.resultaat = resultaat
    dossier.full_clean()
    dossier.save()
    audit(
        "dossier_afgesloten",
        gebruiker=door,
        obj=dossier,
        request=request,
        details={"afgesloten_op": datum.isoformat()},
    )
    return dossier


@transaction.atomic
def dossier_heropenen(*, dossier: Dossier, door: User, request=None) -> Dossier:
    if dossier.status == Status.OPEN:
        raise ValidationError(_("Dit dossier is al open."))
    if dossier.vernietigd_op is not None:
        raise ValidationError(_("Dit is al vernietigd."))
    vorige = dossier.afgesloten_op
    dossier.status = Status.OPEN
    dossier.afgesloten_op = None
    dossier.bewaring_stoppen()
    dossier.full_clean()
    dossier.save()
    audit(
        "dossier_heropend",
        gebruiker=door,
        obj=dossier,
        request=request,
        details={"was_afgesloten_op": vorige.isoformat() if vorige else None},
    )
    return dossier
