from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login

from accounts import services, twofactor
from accounts.audit import audit
from accounts.forms import InstelTokenForm, LoginForm, ProfielForm, TokenForm
from accounts.middleware import otp_not_required, zonder_organisatiekeuze
from accounts.models import Lidmaatschap, Rol, User
from accounts.organisation import switch_organisation, voorkeur


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from accounts.sso.services import actieve_koppelingen

        return {**super().get_context_data(**kwargs), "sso_koppelingen": actieve_koppelingen()}


login_view = login_not_required(LoginView.as_view())


@otp_not_required
def verify_view(request):
    """Second step of the login: a TOTP code or a backup code."""
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse("home")))
    if not twofactor.has_second_factor(request.user):
        return redirect("accounts:2fa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_second_factor(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit("2fa_geslaagd", request=request, details={"methode": device.__class__.__name__})
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
        audit("2fa_mislukt", request=request)
        form.add_error("token", _("Deze code is niet (meer) geldig. Wacht op een nieuwe code en probeer het opnieuw."))
    context = {"form": form, "demo_code": twofactor.demo_current_code(request.user),
               "heeft_passkey": twofactor.passkeys_of(request.user).exists(),
               "passkey_next": _safe_next(request, reverse("home"))}
    return render(request, "accounts/2fa_verify.html", context)


@otp_not_required
def setup_view(request):
    """Enrolment of an authenticator app: QR code, confirm with a first code, then backup codes."""
    if twofactor.has_second_factor(request.user):
        if not request.user.is_verified():
            return redirect("accounts:2fa_verify")
        messages.info(request, _("Tweestapsverificatie is al ingesteld voor uw account."))
        return redirect("home")
    device = twofactor.pending_totp_device(request.user)
    form = InstelTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_totp_device(
            user=request.user, device=device, token=form.cleaned_data["token"], request=request
        )
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/2fa_backup_codes.html", {"codes": codes, "eerste_keer": True})
        form.add_error("token", _("De code klopt niet. Controleer of de tijd op uw telefoon juist staat."))
    context = {"form": form, "qr_svg": twofactor.qr_code_svg(device), "secret": twofactor.base32_secret(device),
               "passkey_next": reverse("accounts:passkey_ingesteld")}
    return render(request, "accounts/2fa_setup.html", context)


@require_POST
def backup_codes_view(request):
    codes = twofactor.regenerate_backup_codes(user=request.user)
    audit("2fa_backupcodes_vernieuwd", request=request)
    return render(request, "accounts/2fa_backup_codes.html", {"codes": codes, "eerste_keer": False})


@require_POST
@otp_not_required
def logout_view(request):
    logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@require_POST
@zonder_organisatiekeuze
def logout_everywhere_view(request):
    """Ends every session of this user on every device, this one included."""
    user: User = request.user
    user.sessie_salt = User._meta.get_field("sessie_salt").default()
    user.save(update_fields=["sessie_salt"])
    audit("overal_uitgelogd", request=request)
    logout(request)
    messages.success(request, _("U bent op alle apparaten uitgelogd."))
    return redirect("accounts:login")


@require_POST
@zonder_organisatiekeuze
def switch_organisation_view(request):
    try:
        organisatie_id = int(request.POST.get("organisatie", ""))
    except ValueError:
        organisatie_id = 0
    if not switch_organisation(request, organisatie_id):
        messages.error(request, _("U heeft geen rol in die organisatie."))
        return redirect("accounts:organisatie_kiezen" if len(request.organisaties) > 1 else "home")
    return HttpResponseRedirect(_safe_next(request, reverse("home")))


@zonder_organisatiekeuze
def organisatie_kiezen_view(request):
    """After logging in, someone who works for several organisations says which one they work in now."""
    if len(request.organisaties) < 2:
        return redirect("home")
    rollen: dict[int, list[str]] = {}
    for lid in Lidmaatschap.objects.actief().filter(gebruiker=request.user).order_by("rol"):
        rollen.setdefault(lid.organisatie_id, []).append(lid.get_rol_display() + (
            f" ({_('extern') if lid.extern else _('intern')})" if lid.rol == Rol.VERTROUWENSPERSOON else ""))
    return render(request, "accounts/organisatie_kiezen.html", {
        "keuzes": [(o, rollen.get(o.pk, [])) for o in request.organisaties],
        "huidige": request.organisatie or voorkeur(request), "next": _safe_next(request, ""),
    })


@login_not_required
@require_POST
def set_language_view(request):
    """The footer's language switch. For a logged-in user the choice is also stored on the account,
    because their stored language wins over the cookie on every later request."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and request.user.taal != language:
        request.user.taal = language
        request.user.save(update_fields=["taal"])
    return response


@zonder_organisatiekeuze
def profile_view(request):
    form = ProfielForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, request.user)
        audit("profiel_gewijzigd", request=request, details={"velden": form.changed_data})
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("accounts:profiel")
    return render(request, "accounts/profiel.html", {
        "form": form, "passkeys": twofactor.passkeys_of(request.user),
        "passkey_next": reverse("accounts:passkey_ingesteld"),
    })


# Where each role starts. Apps register their dashboards here by URL name.
ROLE_HOME = {
    Rol.VERTROUWENSPERSOON: "vertrouwenspersonen:dashboard",
    Rol.COORDINATOR: "meldingen:dashboard",
    Rol.ONDERZOEKER: "meldingen:onderzoeken",
    Rol.RAPPORTAGELEZER: "reports:lijst",
    Rol.BEHEERDER: "beheer:gebruikers",
}


def home_view(request):
    from django.urls import NoReverseMatch

    # A role offered by another organisation is decided on first; "later" goes on to the usual start page.
    if not request.GET.get("later") and services.open_roluitnodigingen(request.user).exists():
        return redirect("accounts:roluitnodigingen")
    for rol in Rol.values:
        if rol in request.rollen:
            try:
                return redirect(ROLE_HOME[rol])
            except NoReverseMatch:
                continue
    return render(request, "home.html")


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link from an invitation: choose a password, then enrol 2FA straight away."""

    template_name = "accounts/uitnodiging.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    reset_url_token = "instellen"  # noqa: S105 - a URL segment, not a secret

    def get_success_url(self):
        return reverse("accounts:2fa_setup")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("uitnodiging_geaccepteerd", gebruiker=form.user, request=self.request)
        return response


invitation_view = login_not_required(otp_not_required(InvitationView.as_view()))


class HerstelView(InvitationView):
    """The one-time herstel-link: a new password, and the old second factor and sessions end; then enrol anew."""

    template_name = "accounts/herstel.html"
    token_generator = services.herstel_token_generator

    def form_valid(self, form):
        services.account_herstellen(gebruiker=form.user, request=self.request)
        form.user.refresh_from_db()  # the new session salt, so the login below stays valid
        return auth_views.PasswordResetConfirmView.form_valid(self, form)


herstel_view = login_not_required(otp_not_required(HerstelView.as_view()))


class WachtwoordWijzigenView(auth_views.PasswordChangeView):
    template_name = "accounts/wachtwoord.html"

    def get_success_url(self):
        return reverse("accounts:profiel")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("wachtwoord_gewijzigd", request=self.request)
        messages.success(self.request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."))
        return response


wachtwoord_view = zonder_organisatiekeuze(WachtwoordWijzigenView.as_view())


@zonder_organisatiekeuze
def roluitnodigingen_view(request):
    """Roles other organisations offer this person; they count once accepted."""
    return render(request, "accounts/roluitnodigingen.html",
                  {"uitnodigingen": list(services.open_roluitnodigingen(request.user))})


def _eigen_roluitnodiging(request, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(services.open_roluitnodigingen(request.user), pk=pk)


@require_POST
@zonder_organisatiekeuze
def roluitnodiging_accepteren_view(request, pk: int):
    from accounts.sso.views import SSO_SESSION_KEY

    uitnodiging = _eigen_roluitnodiging(request, pk)
    if request.session.get(SSO_SESSION_KEY):
        # One organisation's IdP logged this session in; it must not take on a role for another organisation.
        messages.error(request, _("U bent ingelogd via de identiteitsprovider van een organisatie. Log in met uw "
                                  "e-mailadres, wachtwoord en tweede factor om een rol bij een andere organisatie te "
                                  "aanvaarden."))
        return redirect("accounts:roluitnodigingen")
    lidmaatschap = services.roluitnodiging_accepteren(uitnodiging=uitnodiging, door=request.user, request=request)
    messages.success(request, _("U heeft nu de rol %(rol)s bij %(org)s. Kies die organisatie bovenaan de pagina om "
                                "daar te werken.") % {"rol": lidmaatschap.get_rol_display(),
                                                      "org": lidmaatschap.organisatie.naam})
    return redirect("accounts:roluitnodigingen")


@require_POST
@zonder_organisatiekeuze
def roluitnodiging_weigeren_view(request, pk: int):
    uitnodiging = _eigen_roluitnodiging(request, pk)
    organisatie = uitnodiging.organisatie.naam
    services.roluitnodiging_afwijzen(uitnodiging=uitnodiging, door=request.user, request=request)
    messages.success(request, _("U heeft de uitnodiging van %(org)s geweigerd.") % {"org": organisatie})
    return redirect("accounts:roluitnodigingen")
