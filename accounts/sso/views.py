"""Start and callback of an SSO login, and the beheerder's configuration screen. Thin: the decisions are in
services.py, the protocol in oidc.py."""

import jwt
import requests
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from accounts.access import role_required
from accounts.middleware import otp_not_required
from accounts.models import Rol
from accounts.organisation import SESSION_KEY
from accounts.sso import services
from accounts.sso.models import SsoKoppeling
from accounts.sso.oidc import KoppelingBackend, authorization_request

PENDING = "sso_aanvragen"  # state -> {koppeling, nonce, code_verifier, next}; at most a few, each used once
MAX_PENDING = 5
# Set for the whole session after an SSO login: the organisation whose IdP logged the person in.
SSO_SESSION_KEY = "sso_organisatie_id"


def _safe_next(request) -> str:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@login_not_required
@never_cache
@require_GET
def start_view(request, slug: str):
    koppeling = services.actieve_koppelingen().filter(organisatie__slug=slug).first()
    if koppeling is None:
        raise Http404
    if request.user.is_authenticated:
        return redirect("home")
    url, aanvraag = authorization_request(koppeling)
    pending = request.session.get(PENDING, {})
    while len(pending) >= MAX_PENDING:  # oldest first: dicts keep insertion order
        pending.pop(next(iter(pending)))
    pending[aanvraag.pop("state")] = {**aanvraag, "koppeling": koppeling.pk, "next": _safe_next(request)}
    request.session[PENDING] = pending
    return redirect(url)


def _refuse(request, *, reden: str, bericht: str, koppeling=None, gebruiker=None):
    services.weigering_vastleggen(koppeling=koppeling, reden=reden, gebruiker=gebruiker, request=request)
    messages.error(request, bericht)
    return redirect("home" if request.user.is_authenticated else "accounts:login")


@login_not_required
@otp_not_required
@never_cache
@require_GET
def terug_view(request):
    """The provider sends the browser back here with a code (or an error) and the state of one start."""
    pending = request.session.get(PENDING, {})
    aanvraag = pending.pop(request.GET.get("state", ""), None)  # used once, also when it fails below
    request.session[PENDING] = pending
    koppeling = SsoKoppeling.objects.filter(pk=(aanvraag or {}).get("koppeling"), actief=True) \
        .select_related("organisatie").first()
    if request.user.is_authenticated:
        return _refuse(request, reden="al_ingelogd", bericht=_("U bent al ingelogd."), koppeling=koppeling)
    if aanvraag is None or koppeling is None:
        return _refuse(request, reden="state", koppeling=koppeling,
                       bericht=_("Deze inlogpoging is verlopen of ongeldig. Probeer het opnieuw."))
    org = koppeling.organisatie.naam
    if request.GET.get("error") or not request.GET.get("code"):
        return _refuse(request, reden="idp_fout", koppeling=koppeling, bericht=_(
            "De identiteitsprovider van %(org)s heeft de aanmelding niet voltooid. Probeer het opnieuw of log in met "
            "uw e-mailadres en wachtwoord.") % {"org": org})
    try:
        id_token, userinfo = KoppelingBackend(koppeling).claims(
            code=request.GET["code"], nonce=aanvraag["nonce"], code_verifier=aanvraag["code_verifier"])
    except (SuspiciousOperation, jwt.PyJWTError):
        return _refuse(request, reden="token_ongeldig", koppeling=koppeling, bericht=_(
            "Het antwoord van de identiteitsprovider kon niet worden gecontroleerd. De aanmelding is geweigerd."))
    except (requests.RequestException, ValueError, KeyError):
        return _refuse(request, reden="configuratie", koppeling=koppeling, bericht=_(
            "De koppeling met de identiteitsprovider van %(org)s werkt op dit moment niet. Log in met uw "
            "e-mailadres en wachtwoord, of neem contact op met uw functioneel beheerder.") % {"org": org})
    try:
        uitkomst = services.beoordeel(koppeling=koppeling, id_token=id_token, userinfo=userinfo)
    except services.SsoWeigering as weigering:
        return _refuse(request, reden=weigering.reden, bericht=weigering.bericht, koppeling=koppeling,
                       gebruiker=weigering.gebruiker)
    # The password login's backend: the session then identifies the user the same way (get_user), and the SSO
    # backend stays out of AUTHENTICATION_BACKENDS, so no credentials of any other login can reach it.
    auth_login(request, uitkomst.gebruiker, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SSO_SESSION_KEY] = koppeling.organisatie_id
    request.session[SESSION_KEY] = koppeling.organisatie_id
    if uitkomst.mfa_door_idp:
        otp_login(request, services.tweede_factor_van_idp(gebruiker=uitkomst.gebruiker, koppeling=koppeling))
    services.ingelogd_vastleggen(uitkomst=uitkomst, koppeling=koppeling, request=request)
    # Without proven MFA the next page is behind TwoFactorRequiredMiddleware: the local second factor follows.
    return redirect(aanvraag.get("next") or reverse("home"))


@role_required(Rol.BEHEERDER)
def beheer_view(request):
    from accounts.sso.forms import KoppelingForm
    from accounts.sso.oidc import redirect_uri

    koppeling = SsoKoppeling.objects.filter(organisatie=request.organisatie).first()
    form = KoppelingForm(request.POST or None, koppeling=koppeling)
    if request.method == "POST" and form.is_valid():
        try:
            services.koppeling_opslaan(organisatie=request.organisatie, door=request.user, request=request,
                                       **form.cleaned_data)
        except ValidationError as exc:
            for veld, fouten in exc.error_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            messages.success(request, _("De koppeling met de identiteitsprovider is opgeslagen."))
            return redirect("beheer:sso")
    return render(request, "beheer/sso.html", {"form": form, "koppeling": koppeling, "redirect_uri": redirect_uri()})
