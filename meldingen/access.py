"""One access helper per confidential model: 404 when not visible, 403 when visible but read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.audit import audit, is_gelezen
from accounts.models import Rol
from meldingen import onderzoekstoegang
from meldingen.models import Bijlage, Feitenonderzoek, Melding
from meldingen.selectors import bijlagen_visible_to, meldingen_visible_to, onderzoeken_visible_to


def get_melding_for(request, pk: int, *, audit_read: bool | None = None) -> Melding:
    """Coordinators of the active organisation only; every one of them may also write.

    Reads are audited as accounts.audit says (every GET; a POST is audited by the service that writes).
    """
    melding = (
        meldingen_visible_to(request.user, request.organisatie)
        .select_related("organisatie", "onderwerp", "onderdeel")
        .filter(pk=pk)
        .first()
    )
    if melding is None:
        raise Http404
    if is_gelezen(request, audit_read):
        audit("melding_gelezen", obj=melding, request=request)
    return melding


def get_onderzoek_for(request, pk: int, *, write: bool = False, audit_read: bool | None = None) -> Feitenonderzoek:
    """Coordinators and assigned onderzoekers see it and may record progress."""
    onderzoek = (
        onderzoeken_visible_to(request.user, request.organisatie)
        .select_related("melding__organisatie", "melding__onderwerp", "melding__onderdeel")
        .filter(pk=pk)
        .first()
    )
    if onderzoek is None:
        raise Http404
    if write and not (request.rollen & {Rol.COORDINATOR, Rol.ONDERZOEKER}):
        raise PermissionDenied
    if write and not is_coordinator_of(request, onderzoek.melding) and onderzoekstoegang.afgerond(onderzoek):
        # Finished or its melding closed: the onderzoeker may still read it, for a while, but no longer change it.
        audit("feitenonderzoek_wijzigen_geweigerd", organisatie=onderzoek.melding.organisatie, obj=onderzoek,
              request=request, details={"reden": "afgerond"})
        raise PermissionDenied
    if is_gelezen(request, audit_read):
        audit("feitenonderzoek_gelezen", organisatie=onderzoek.melding.organisatie, obj=onderzoek, request=request,
              details={"melding_id": onderzoek.melding_id})
    return onderzoek


def is_coordinator_of(request, melding: Melding) -> bool:
    return request.organisatie is not None and melding.organisatie_id == request.organisatie.pk and (
        Rol.COORDINATOR in request.rollen
    )


def get_bijlage_for(request, pk: int) -> Bijlage:
    bijlage = bijlagen_visible_to(request.user, request.organisatie).select_related("melding").filter(pk=pk).first()
    if bijlage is None:
        raise Http404
    return bijlage
