def lockout_username(request, credentials) -> str | None:
    """The key django-axes counts failures under: the e-mail address, case-folded, so "VP@x" and "vp@x" share one."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return value.strip().lower() if value else None
