"""The active organisation of a request, and the user's roles in it."""

from accounts.models import Lidmaatschap

SESSION_KEY = "actieve_organisatie_id"


def load_active_organisation(request) -> None:
    request.organisatie = None
    request.rollen = frozenset()
    request.lidmaatschappen = []
    request.organisaties = []
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    memberships = list(Lidmaatschap.objects.actief().filter(gebruiker=user).select_related("organisatie"))
    if not memberships:
        return
    wanted = request.session.get(SESSION_KEY)
    by_org = {m.organisatie_id: m.organisatie for m in memberships}
    request.organisaties = sorted(by_org.values(), key=lambda o: o.naam)
    org_id = wanted if wanted in by_org else min(by_org, key=lambda i: by_org[i].naam)
    request.organisatie = by_org[org_id]
    request.lidmaatschappen = [m for m in memberships if m.organisatie_id == org_id]
    request.rollen = frozenset(m.rol for m in request.lidmaatschappen)


def switch_organisation(request, organisatie_id: int) -> bool:
    if not Lidmaatschap.objects.actief().filter(gebruiker=request.user, organisatie_id=organisatie_id).exists():
        return False
    request.session[SESSION_KEY] = organisatie_id
    return True
