"""The one way a view gets hold of a VP-dossier."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.audit import audit, is_gelezen
from vertrouwenspersonen.models import Dossier
from vertrouwenspersonen.selectors import dossiers_visible_to


def get_dossier_for(request, pk: int, *, audit_read: bool | None = None) -> Dossier:
    """The dossier if the user may see it (owner or unexpired grant), else 404: existence is not revealed.

    Reads are audited as `dossier_gelezen` by the policy in accounts.audit (every GET; a POST is audited by the
    service that writes), the same as the meldingenregister.
    """
    dossier = (
        dossiers_visible_to(request.user, request.organisatie)
        .select_related("onderdeel", "eigenaar", "organisatie")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    if is_gelezen(request, audit_read):
        audit("dossier_gelezen", obj=dossier, request=request)
    return dossier


def require_owner(request, dossier: Dossier) -> None:
    """Sharing is the owner's decision: a grantee sees the dossier but gets 403 here."""
    if dossier.eigenaar_id != request.user.pk:
        raise PermissionDenied
