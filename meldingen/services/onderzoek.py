"""Feitenonderzoek: recording it, progress, and assigning onderzoekers through django-guardian grants."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.audit import audit
from accounts.models import Lidmaatschap, Rol, User
from accounts.wijzigen import wijzig_velden
from meldingen.models import Feitenonderzoek, Melding
from meldingen.selectors import GRANT_CODENAME
from meldingen.services.meldingen import VerouderdeVersie, _niet_vernietigd

PERM = f"meldingen.{GRANT_CODENAME}"
ONDERZOEK_EDIT_FIELDS = (
    "opdrachtgever", "uitvoering", "bureau", "startdatum", "geplande_einddatum", "einddatum",
    "hoor_en_wederhoor", "conclusie",
)


@transaction.atomic
def onderzoek_create(
    *, melding: Melding, door: User, opdrachtgever: str, uitvoering: str, startdatum: datetime.date,
    bureau: str = "", geplande_einddatum: datetime.date | None = None, request=None,
) -> Feitenonderzoek:
    _niet_vernietigd(melding)
    onderzoek = Feitenonderzoek(
        melding=melding, opdrachtgever=opdrachtgever.strip(), uitvoering=uitvoering, bureau=bureau.strip(),
        startdatum=startdatum, geplande_einddatum=geplande_einddatum,
    )
    onderzoek.full_clean()
    onderzoek.save()
    audit("feitenonderzoek_aangemaakt", gebruiker=door, organisatie=melding.organisatie, obj=onderzoek,
          request=request, details={"melding_id": melding.pk, "uitvoering": uitvoering})
    return onderzoek


@transaction.atomic
def onderzoek_update(
    *, onderzoek: Feitenonderzoek, door: User, versie: int, request=None, **changes
) -> Feitenonderzoek:
    unknown = set(changes) - set(ONDERZOEK_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    # The melding first (the order destruction locks in), read afresh: this copy of the onderzoek may be older.
    _niet_vernietigd(Feitenonderzoek.objects.values_list("melding_id", flat=True).get(pk=onderzoek.pk))
    locked = Feitenonderzoek.objects.select_for_update().select_related("melding__organisatie").get(pk=onderzoek.pk)
    if locked.versie != versie:
        raise VerouderdeVersie("onderzoek")
    changed = wijzig_velden(locked, changes, strip=True)
    if changed:
        locked.full_clean()
        locked.versie += 1
        locked.save()
        audit("feitenonderzoek_gewijzigd", gebruiker=door, organisatie=locked.melding.organisatie, obj=locked,
              request=request, details={"velden": changed})
    return locked


@transaction.atomic
def onderzoek_assign(*, onderzoek: Feitenonderzoek, onderzoeker: User, door: User, request=None) -> bool:
    """Grants access to exactly this investigation. Only users with the onderzoeker role in the organisation."""
    _niet_vernietigd(onderzoek.melding_id)
    organisatie = onderzoek.melding.organisatie
    if Lidmaatschap.objects.actieve_rol(onderzoeker, organisatie, Rol.ONDERZOEKER) is None:
        raise ValidationError(_("Deze persoon heeft geen rol als onderzoeker in deze organisatie."))
    if onderzoeker.has_perm(PERM, onderzoek):
        return False
    assign_perm(PERM, onderzoeker, onderzoek)
    audit("onderzoeker_toegewezen", gebruiker=door, organisatie=organisatie, obj=onderzoek, request=request,
          details={"onderzoeker_id": onderzoeker.pk})
    return True


@transaction.atomic
def onderzoek_revoke(*, onderzoek: Feitenonderzoek, onderzoeker: User, door: User, request=None) -> bool:
    removed = onderzoek.toewijzingen.filter(user=onderzoeker, permission__codename=GRANT_CODENAME).exists()
    if not removed:
        return False
    remove_perm(PERM, onderzoeker, onderzoek)
    audit("onderzoeker_ingetrokken", gebruiker=door, organisatie=onderzoek.melding.organisatie, obj=onderzoek,
          request=request, details={"onderzoeker_id": onderzoeker.pk})
    return True
