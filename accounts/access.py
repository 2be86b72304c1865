"""Access helpers shared by every app.

Rule of thumb: a confidential object that the user may not see is a 404 (its existence is not revealed);
a page of a role the user does not hold in the active organisation is a 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """The user must hold one of `roles` in the active organisation."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.organisatie is None or not (request.rollen & set(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def has_role(request, *roles: str) -> bool:
    return request.organisatie is not None and bool(request.rollen & set(roles))
