"""Who sees which jaarverslag.

Authors (vertrouwenspersonen and coordinators of the organisation) see every version. A rapportagelezer sees
adopted reports and concepts explicitly shared with them. Nobody sees another organisation's reports.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.access import has_role
from accounts.models import Rol
from reports.models import Jaarverslag, JaarverslagStatus

AUTEURS = (Rol.VERTROUWENSPERSOON, Rol.COORDINATOR)
LEZERS = (*AUTEURS, Rol.RAPPORTAGELEZER)


def is_auteur(request) -> bool:
    return has_role(request, *AUTEURS)


def jaarverslagen_visible_to(request):
    if request.organisatie is None:
        return Jaarverslag.objects.none()
    qs = Jaarverslag.objects.filter(organisatie=request.organisatie)
    if is_auteur(request):
        return qs
    if has_role(request, Rol.RAPPORTAGELEZER):
        return qs.filter(Q(status=JaarverslagStatus.VASTGESTELD) | Q(gedeeld_met=request.user)).distinct()
    return qs.none()


def get_jaarverslag_for(request, pk: int, *, schrijven: bool = False) -> Jaarverslag:
    """404 when the report is not visible to the user; 403 when visible but `schrijven` and not an author."""
    jaarverslag = jaarverslagen_visible_to(request).select_related("organisatie").filter(pk=pk).first()
    if jaarverslag is None:
        raise Http404
    if schrijven and not is_auteur(request):
        raise PermissionDenied
    return jaarverslag
