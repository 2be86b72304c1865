"""Passkeys (WebAuthn) as a second factor beside TOTP and backup codes, on django-otp-webauthn.

The library's JSON views do the ceremonies (challenge in the session, signature, origin and RP id checks, sign
counter); this module wraps them for Vertrouwd:
- passkeys are a *second* factor only: passwordless login is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN), so the
  verification views need a user who already passed the password step;
- the verification views are reachable before 2FA (like the TOTP step); the enrolment views only for an account
  without any second factor (its first enrolment, like the TOTP set-up), and the library refuses as well to
  register a passkey for an unverified user who already has one: a stolen password cannot add a passkey;
- every enrolment, use, failure and removal is audited, metadata only (device class, id).
JavaScript: static/js/passkey.js (the CSP forbids inline script).
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views

from accounts import twofactor
from accounts.audit import audit
from accounts.middleware import otp_not_required, otp_not_required_for_first_enrolment


class _AuditFailures:
    """A refused ceremony (wrong origin, replayed challenge, someone else's credential) is an audited failure."""

    failure_action = "2fa_mislukt"

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if self.request.user.is_authenticated:
            audit(self.failure_action, request=self.request, details={"methode": "passkey"})
        return response


@method_decorator(otp_not_required_for_first_enrolment, name="dispatch")
class RegistratieBegin(webauthn_views.BeginCredentialRegistrationView):
    pass


@method_decorator(otp_not_required_for_first_enrolment, name="dispatch")
class RegistratieVoltooien(_AuditFailures, webauthn_views.CompleteCredentialRegistrationView):
    failure_action = "2fa_instellen_mislukt"

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        audit("2fa_passkey_toegevoegd", request=self.request, objecttype="django_otp_webauthn.webauthncredential",
              object_id=_json(response)["id"])
        return response


@method_decorator(otp_not_required, name="dispatch")
class VerificatieBegin(webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator(otp_not_required, name="dispatch")
class VerificatieVoltooien(_AuditFailures, webauthn_views.CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        audit("2fa_geslaagd", request=self.request, details={"methode": "WebAuthnCredential"})
        return response


def _json(response: JsonResponse) -> dict:
    import json

    return json.loads(response.content)


registratie_begin_view = RegistratieBegin.as_view()
registratie_voltooien_view = RegistratieVoltooien.as_view()
verificatie_begin_view = VerificatieBegin.as_view()
verificatie_voltooien_view = VerificatieVoltooien.as_view()


def ingesteld_view(request):
    """Where the browser goes after enrolling a passkey. The first second factor of an account also gets its
    backup codes here, shown once, exactly as after enrolling an authenticator app."""
    codes = twofactor.backup_codes_if_missing(user=request.user)
    if codes is not None:
        return render(request, "accounts/2fa_backup_codes.html", {"codes": codes, "eerste_keer": True})
    messages.success(request, _("Uw passkey is toegevoegd."))
    return redirect("accounts:profiel")


@require_POST
def verwijderen_view(request, pk: int):
    try:
        twofactor.passkey_verwijderen(user=request.user, pk=pk, request=request)
    except twofactor.PasskeyNodig as refusal:
        messages.error(request, str(refusal))
    except twofactor.PasskeyOnbekend:
        raise Http404 from None
    else:
        messages.success(request, _("De passkey is verwijderd."))
    return redirect("accounts:profiel")
