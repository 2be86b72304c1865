"""The active organisation of a request, and the user's roles in it.

Someone with roles in more than one organisation chooses one after every login (the one they last worked in is
preselected): landing in the alphabetically first, an external VP could register a first contact in the wrong
municipality. Until they have chosen, `request.organisatiekeuze_nodig` is set and the middleware sends every page
that needs an organisation to the choice (accounts.middleware.ActiveOrganisationMiddleware).
"""

from accounts.models import Lidmaatschap

SESSION_KEY = "actieve_organisatie_id"


def load_active_organisation(request) -> None:
    request.organisatie = None
    request.rollen = frozenset()
    request.lidmaatschappen = []
    request.organisaties = []
    request.organisatiekeuze_nodig = False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    memberships = list(Lidmaatschap.objects.actief().filter(gebruiker=user).select_related("organisatie"))
    if not memberships:
        return
    by_org = {m.organisatie_id: m.organisatie for m in memberships}
    request.organisaties = sorted(by_org.values(), key=lambda o: o.naam)
    wanted = request.session.get(SESSION_KEY)
    if wanted not in by_org:
        if len(by_org) > 1:
            request.organisatiekeuze_nodig = True
            return
        wanted = next(iter(by_org))
    request.organisatie = by_org[wanted]
    request.lidmaatschappen = [m for m in memberships if m.organisatie_id == wanted]
    request.rollen = frozenset(m.rol for m in request.lidmaatschappen)


def voorkeur(request):
    """The organisation to preselect when choosing: the last one worked in, if the person still works there."""
    laatste = request.user.laatste_organisatie_id
    return next((o for o in request.organisaties if o.pk == laatste), None)


def switch_organisation(request, organisatie_id: int) -> bool:
    if not Lidmaatschap.objects.actief().filter(gebruiker=request.user, organisatie_id=organisatie_id).exists():
        return False
    request.session[SESSION_KEY] = organisatie_id
    if request.user.laatste_organisatie_id != organisatie_id:
        request.user.laatste_organisatie_id = organisatie_id
        request.user.save(update_fields=["laatste_organisatie"])
    return True
