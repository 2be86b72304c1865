"""Gesprekken of a dossier: the date, form and duration, and the VP's private note."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import User
from accounts.wijzigen import wijzig_velden
from vertrouwenspersonen.models import (
    Dossier,
    Gesprek,
    Status,
)


@transaction.atomic
def gesprek_create(
    *,
    dossier: Dossier,
    door: User,
    datum: datetime.date,
    vorm: str,
    duur_minuten: int,
    notitie: str = "",
    request=None,
) -> Gesprek:
    if dossier.status != Status.OPEN:
        raise ValidationError(_("Dit dossier is afgesloten. Heropen het eerst om een gesprek toe te voegen."))
    gesprek = Gesprek(
        dossier=dossier, datum=datum, vorm=vorm, duur_minuten=duur_minuten, notitie=notitie, gevoerd_door=door
    )
    gesprek.full_clean()
    gesprek.save()
    audit(
        "gesprek_toegevoegd", gebruiker=door, obj=dossier, request=request, details={"gesprek_id": gesprek.pk}
    )
    return gesprek


@transaction.atomic
def gesprek_update(
    *,
    gesprek: Gesprek,
    door: User,
    datum: datetime.date,
    vorm: str,
    duur_minuten: int,
    notitie: str = "",
    request=None,
) -> Gesprek:
    """Corrects a recorded gesprek (also on a closed dossier: a late note is allowed)."""
    if gesprek.dossier.vernietigd_op is not None:
        raise ValidationError(_("Dit is al vernietigd."))
    gewijzigd = wijzig_velden(gesprek, {"datum": datum, "vorm": vorm, "duur_minuten": duur_minuten,
                                        "notitie": notitie})
    gesprek.full_clean()
    gesprek.save()
    if gewijzigd:
        audit(
            "gesprek_gewijzigd",
            gebruiker=door,
            obj=gesprek.dossier,
            request=request,
            details={"gesprek_id": gesprek.pk, "velden": gewijzigd},
        )
    return gesprek
