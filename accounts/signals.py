from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.audit import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit("ingelogd", gebruiker=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit("uitgelogd", gebruiker=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The audit log is append-only and never wiped, so only a name that is an existing account is written (as
    # stored, not as typed); anything else (a password typed in the wrong field, a third person's address, a
    # typo) is not kept: the entry says `{"account": ""}`. The password never reaches the log.
    from accounts.models import User

    attempted = str(credentials.get("username") or credentials.get("email") or "").strip()
    bekend = User.objects.filter(email__iexact=attempted).values_list("email", flat=True).first() if attempted else None
    audit("inloggen_mislukt", request=request, details={"account": bekend or ""})
