def organisation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "actieve_organisatie": getattr(request, "organisatie", None),
        "mijn_rollen": getattr(request, "rollen", frozenset()),
        "mijn_organisaties": getattr(request, "organisaties", []),
    }
