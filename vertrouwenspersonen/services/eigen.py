"""The VP's own activiteiten and signalen: one save path for both."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.audit import audit
from accounts.models import Organisatie, User
from accounts.wijzigen import wijzig_velden
from vertrouwenspersonen.models import (
    Activiteit,
    Signaal,
)
from vertrouwenspersonen.services.dossiers import vp_lidmaatschap


def _eigen_opslaan(
    *,
    obj,
    nieuw_obj,
    organisatie: Organisatie,
    door: User,
    waarden: dict,
    actie: str,
    weigering: str,
    request=None,
):
    """Creates `nieuw_obj` (when `obj` is None) or changes `obj`, which must be the user's own in this
    organisation; validates, saves and audits `<actie>_aangemaakt` / `<actie>_gewijzigd` with field names only."""
    nieuw = obj is None
    if nieuw:
        obj = nieuw_obj
    elif obj.eigenaar_id != door.pk or obj.organisatie_id != organisatie.pk:
        raise PermissionDenied(weigering)
    gewijzigd = wijzig_velden(obj, waarden)
    if nieuw:
        gewijzigd = list(waarden)  # a new record: every field it was given
    obj.full_clean()
    obj.save()
    audit(
        f"{actie}_aangemaakt" if nieuw else f"{actie}_gewijzigd",
        gebruiker=door,
        obj=obj,
        request=request,
        details={"velden": gewijzigd},  # field names only, never the values
    )
    return obj


@transaction.atomic
def activiteit_opslaan(
    *,
    organisatie: Organisatie,
    door: User,
    soort: str,
    datum: datetime.date,
    uren: Decimal,
    deelnemers: int | None = None,
    omschrijving: str = "",
    activiteit: Activiteit | None = None,
    request=None,
) -> Activiteit:
    """Creates an activity, or changes `activiteit` (which must be the user's own)."""
    lid = vp_lidmaatschap(gebruiker=door, organisatie=organisatie)
    return _eigen_opslaan(
        obj=activiteit,
        nieuw_obj=Activiteit(organisatie=organisatie, eigenaar=door, vp_extern=lid.extern),
        organisatie=organisatie,
        door=door,
        waarden={"soort": soort, "datum": datum, "uren": uren, "deelnemers": deelnemers, "omschrijving": omschrijving},
        actie="activiteit",
        weigering="Not your activity.",
        request=request,
    )


@transaction.atomic
def signaal_opslaan(
    *,
    organisatie: Organisatie,
    door: User,
    datum: datetime.date,
    thema: str,
    aan: str,
    signaal: Signaal | None = None,
    request=None,
) -> Signaal:
    """Creates a signal, or changes `signaal` (which must be the user's own)."""
    lid = vp_lidmaatschap(gebruiker=door, organisatie=organisatie)
    return _eigen_opslaan(
        obj=signaal,
        nieuw_obj=Signaal(organisatie=organisatie, eigenaar=door, vp_extern=lid.extern),
        organisatie=organisatie,
        door=door,
        waarden={"datum": datum, "thema": thema, "aan": aan},
        actie="signaal",
        weigering="Not your signal.",
        request=request,
    )
