"""Sharing a dossier with another VP of the organisation until a date (holiday cover), and revoking it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import User
from vertrouwenspersonen.models import (
    DELEN_PERMISSIE,
    Dossier,
    DossierUserObjectPermission,
)
from vertrouwenspersonen.services.dossiers import vp_lidmaatschap


@transaction.atomic
def dossier_delen(
    *, dossier: Dossier, met: User, geldig_tot: datetime.date, door: User, request=None
) -> DossierUserObjectPermission:
    """Shares a dossier with another VP of the same organisation until `geldig_tot` (inclusive).

    Only the owner shares. Sharing again with the same VP moves the end date.
    """
    from django.contrib.auth.models import Permission

    if door.pk != dossier.eigenaar_id:
        raise PermissionDenied("Only the owner shares a dossier.")
    if met.pk == dossier.eigenaar_id:
        raise ValidationError({"met": _("U kunt een dossier niet met uzelf delen.")})
    try:
        vp_lidmaatschap(gebruiker=met, organisatie=dossier.organisatie)
    except PermissionDenied:
        raise ValidationError(
            {"met": _("Delen kan alleen met een actieve vertrouwenspersoon van dezelfde organisatie.")}
        ) from None
    if geldig_tot < timezone.localdate():
        raise ValidationError({"geldig_tot": _("Kies een einddatum vandaag of later.")})
    if geldig_tot > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"geldig_tot": _("Delen kan voor ten hoogste een jaar.")})
    permission = Permission.objects.get(
        codename=DELEN_PERMISSIE, content_type__app_label="vertrouwenspersonen"
    )
    grant, created = DossierUserObjectPermission.objects.update_or_create(
        user=met,
        permission=permission,
        content_object=dossier,
        defaults={"geldig_tot": geldig_tot, "gedeeld_door": door},
    )
    audit(
        "dossier_gedeeld",
        gebruiker=door,
        obj=dossier,
        request=request,
        details={"met_gebruiker_id": met.pk, "geldig_tot": geldig_tot.isoformat(), "nieuw": created},
    )
    return grant


@transaction.atomic
def dossier_delen_intrekken(*, grant: DossierUserObjectPermission, door: User, request=None) -> None:
    dossier = grant.content_object
    if door.pk != dossier.eigenaar_id:
        raise PermissionDenied("Only the owner revokes a share.")
    met_id = grant.user_id
    grant.delete()
    audit(
        "dossier_delen_ingetrokken",
        gebruiker=door,
        obj=dossier,
        request=request,
        details={"met_gebruiker_id": met_id},
    )


def verlopen_deelrechten_opruimen(*, today: datetime.date | None = None) -> int:
    """Deletes grants that expired (they stopped working already; this only tidies up)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        verlopen = list(
            DossierUserObjectPermission.objects.filter(geldig_tot__lt=today).values_list(
                "pk", "content_object_id", "user_id", "content_object__organisatie_id"
            )
        )
        for pk, dossier_id, user_id, organisatie_id in verlopen:
            DossierUserObjectPermission.objects.filter(pk=pk).delete()
            audit(
                "dossier_delen_verlopen",
                organisatie=organisatie_id,
                objecttype=Dossier._meta.label_lower,
                object_id=dossier_id,
                details={"met_gebruiker_id": user_id},
            )
    return len(verlopen)
