"""Access helpers shared by every app.

Rule of thumb: a confidential object that the user may not see is a 404 (its existence is not revealed);
a page of a role the user does not hold in the active organisation is a 403.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404


def role_required(*roles: str, hide_objects: bool = False):
    """The user must hold one of `roles` in the active organisation, else 403.

    With `hide_objects`, a URL that names an object (it has URL arguments) answers 404 instead: for registers
    whose objects no other role can ever see (the VP register), so guessing ids reveals nothing at all.
    Registers where another role may see an object read-only keep the 403 that says "visible, not yours to change".
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.organisatie is None or not (request.rollen & set(roles)):
                if hide_objects and (args or kwargs):
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def has_role(request, *roles: str) -> bool:
    return request.organisatie is not None and bool(request.rollen & set(roles))
