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
    # Only the attempted account name; the password never reaches the log.
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit("inloggen_mislukt", request=request, details={"account": attempted})
