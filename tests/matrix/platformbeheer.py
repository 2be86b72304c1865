"""The platform admin (/platformbeheer/): only the operator-superuser, and only what docs/security.md allows.

Every role of an organisation is sent to the admin's login page (refused); the operator reaches the lists and the
change pages of accounts and organisations, and nothing that adds, deletes or sets a password.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from tests.matrix import EVERYONE, Case, allowed

OPERATOR = allowed("operator")


def _model_cases(prefix: str, object_id, *, delete: bool = False) -> dict[str, Case]:
    obj = {"object_id": str(object_id)}
    return {
        f"admin:{prefix}_changelist": Case(admin=True, allowed=OPERATOR),
        f"admin:{prefix}_add": Case(admin=True),  # 403 for the operator: created by the operator commands only
        f"admin:{prefix}_change": Case(admin=True, allowed=OPERATOR, kwargs=obj),  # read-only where nothing may change
        f"admin:{prefix}_history": Case(admin=True, allowed=OPERATOR, kwargs=obj),
        # 403: never deleted through the admin, except a lockout (deleting the attempt unlocks the account)
        f"admin:{prefix}_delete": Case(admin=True, allowed=OPERATOR if delete else (), kwargs=obj),
    }


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("admin",)


def cases(cast) -> dict[str, Case]:
    attempt = AccessAttempt.objects.create(username="iemand@voorbeeldstad.test", ip_address="127.0.0.1",
                                           user_agent="test", failures_since_start=1)
    access_log = AccessLog.objects.create(username="iemand@voorbeeldstad.test", ip_address="127.0.0.1",
                                          user_agent="test")
    failure_log = AccessFailureLog.objects.create(username="iemand@voorbeeldstad.test", ip_address="127.0.0.1",
                                                  user_agent="test")
    cases = {
        "admin:index": Case(admin=True, allowed=OPERATOR),
        # The login page itself, and a logout (for someone who is not staff: a redirect to the admin's index).
        "admin:login": Case(admin=True, public=True, allowed=EVERYONE),
        "admin:logout": Case(admin=True, post_only=True, allowed=EVERYONE),
        # No password form in the platform admin, not even the operator's own: 404.
        "admin:password_change": Case(admin=True),
        "admin:password_change_done": Case(admin=True, allowed=OPERATOR),
        "admin:autocomplete": Case(admin=True, ok_status=(403,)),
        "admin:jsi18n": Case(admin=True, allowed=OPERATOR),
        "admin:app_list": Case(admin=True, allowed=OPERATOR, kwargs={"app_label": "accounts"}),
        **_model_cases("accounts_user", cast.vp.pk),
        **_model_cases("accounts_organisatie", cast.org.pk),
        **_model_cases("axes_accessattempt", attempt.pk, delete=True),
        **_model_cases("axes_accesslog", access_log.pk),
        **_model_cases("axes_accessfailurelog", failure_log.pk),
    }
    return cases
