"""Who sees which jaarverslag.

Authors (vertrouwenspersonen and coordinators of the organisation) see every version. A rapportagelezer sees
adopted reports and concepts explicitly shared with them. Nobody sees another organisation's reports.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.access import has_role
from accounts.models import Lidmaatschap, Rol
from reports.models import Jaarverslag, JaarverslagStatus

AUTEURS = (Rol.VERTROUWENSPERSOON, Rol.COORDINATOR)
LEZERS = (*AUTEURS, Rol.RAPPORTAGELEZER)


def is_auteur(request) -> bool:
    return has_role(request, *AUTEURS)


def jaarverslagen_visible_to(user, organisatie):
    """THE visibility rule for jaarverslagen, one set-based filter like the registers' selectors."""
    if organisatie is None or not user.is_authenticated:
        return Jaarverslag.objects.none()

    def heeft_rol(*rollen):
        return Exists(Lidmaatschap.objects.actief().filter(gebruiker=user, organisatie=organisatie, rol__in=rollen))

    gedeeld = Exists(Jaarverslag.gedeeld_met.through.objects.filter(jaarverslag=OuterRef("pk"), user=user))
    return Jaarverslag.objects.filter(organisatie=organisatie).filter(
        heeft_rol(*AUTEURS)
        | (heeft_rol(Rol.RAPPORTAGELEZER) & (Q(status=JaarverslagStatus.VASTGESTELD) | gedeeld))
    )


def get_jaarverslag_for(request, pk: int, *, schrijven: bool = False) -> Jaarverslag:
    """404 when the report is not visible to the user; 403 when visible but `schrijven` and not an author."""
    jaarverslag = (
        jaarverslagen_visible_to(request.user, request.organisatie).select_related("organisatie").filter(pk=pk).first()
    )
    if jaarverslag is None:
        raise Http404
    if schrijven and not is_auteur(request):
        raise PermissionDenied
    return jaarverslag
