"""The functioneel beheerder's screens: users and roles, organisational units, the audit log (metadata only).

Everything is scoped to the active organisation (request.organisatie). A user or unit of another
organisation is a 404 here, whatever its id.
"""

import csv
import datetime
import logging
import re
import smtplib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import auditweergave, services
from accounts.access import role_required
from accounts.audit import AuditEntry, audit
from accounts.beheer_forms import (
    AuditFilterForm,
    OnderdeelHernoemenForm,
    OnderdeelNieuwForm,
    OnderdeelWijzigenForm,
    RolToevoegenForm,
    UitnodigenForm,
    VpAardForm,
)
from accounts.forms import form_errors_from
from accounts.models import Lidmaatschap, Organisatieonderdeel, Rol, Roluitnodiging, User
from accounts.pagination import paginate

beheerder_required = role_required(Rol.BEHEERDER)
AUDIT_CSV_BLOK = 2000
ROL_AANGEBODEN = gettext_lazy(
    "%(email)s heeft al een account en werkt ook voor een andere organisatie. De rol is aangeboden: de persoon krijgt "
    "een e-mail en de rol telt zodra de persoon die na het inloggen accepteert. Tot dan kunt u niets aan dit account "
    "wijzigen."
)
logger = logging.getLogger(__name__)


def _verstuur(request, versturen, gebruiker: User, fout: str) -> bool:
    """Sends an account e-mail; a mail server failure is told to the beheerder instead of ending in a 500."""
    try:
        versturen()
    except (smtplib.SMTPException, OSError) as exc:
        # The pk and the exception type only, no traceback: SMTPRecipientsRefused carries the e-mail address.
        logger.warning("Account e-mail for user %s could not be sent (%s)", gebruiker.pk, type(exc).__name__)
        messages.error(request, fout)
        return False
    return True


def _verstuur_uitnodiging(request, gebruiker: User) -> bool:
    return _verstuur(
        request,
        lambda: services.uitnodiging_versturen(
            gebruiker=gebruiker, organisatie=request.organisatie, door=request.user, request=request
        ),
        gebruiker,
        _("De e-mail met de uitnodiging kon niet worden verstuurd. Probeer het later opnieuw met “Uitnodiging "
          "opnieuw versturen”."),
    )


def _gebruikers_van(organisatie):
    """Users with a role (current or revoked) in the organisation: the only users a beheerder may see."""
    return User.objects.filter(
        Exists(Lidmaatschap.objects.filter(gebruiker=OuterRef("pk"), organisatie=organisatie))
    )


def _gebruiker_of_404(request, pk: int) -> User:
    return get_object_or_404(_gebruikers_van(request.organisatie), pk=pk)


def _actief_lid_of_404(request, pk: int) -> User:
    """For actions that change someone's account: only a person who works in this organisation now.

    A revoked role keeps the person visible (history), but someone who has left is no longer this beheerder's
    to reset, deactivate or strip of roles: that is for the organisations they still work in.
    """
    return get_object_or_404(
        User.objects.filter(
            Exists(Lidmaatschap.objects.filter(gebruiker=OuterRef("pk"), organisatie=request.organisatie,
                                               actief=True))
        ),
        pk=pk,
    )


def _onderdeel_of_404(request, pk: int) -> Organisatieonderdeel:
    return get_object_or_404(Organisatieonderdeel, pk=pk, organisatie=request.organisatie)


# --- Users -------------------------------------------------------------------------------------------------


@beheerder_required
def gebruikers_view(request):
    organisatie = request.organisatie
    zoek = request.GET.get("q", "").strip()
    gebruikers = (
        _gebruikers_van(organisatie)
        .annotate(heeft_2fa=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .prefetch_related(
            Prefetch(
                "lidmaatschappen",
                queryset=Lidmaatschap.objects.filter(organisatie=organisatie, actief=True).order_by("rol"),
                to_attr="rollen_hier",
            )
        )
        .order_by("naam", "email")
    )
    if zoek:
        gebruikers = gebruikers.filter(Q(naam__icontains=zoek) | Q(email__icontains=zoek))
    # People offered a role who work elsewhere: a placeholder (the address the beheerder typed) until they accept.
    aangeboden = Roluitnodiging.objects.filter(organisatie=organisatie).select_related("gebruiker")
    context = {"zoek": zoek, "aangeboden": list(aangeboden.order_by("gebruiker__email", "rol")),
               **paginate(request, gebruikers)}
    return render(request, "beheer/gebruikers.html", context)


@beheerder_required
def uitnodigen_view(request):
    form = UitnodigenForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uitnodiging = services.gebruiker_uitnodigen(
            email=data["email"], naam=data["naam"], rol=data["rol"], extern=data["extern"],
            organisatie=request.organisatie, door=request.user, request=request,
        )
        user = uitnodiging.gebruiker
        if uitnodiging.soort == services.Uitnodiging.ROL_AANGEBODEN:
            messages.success(request, ROL_AANGEBODEN % {"email": user.email})
            return redirect("beheer:gebruikers")
        if uitnodiging.soort == services.Uitnodiging.LINK_NODIG:
            if _verstuur_uitnodiging(request, user):
                messages.success(request, _("%(email)s is uitgenodigd. Er is een e-mail met een eenmalige link "
                                            "verstuurd om een wachtwoord en tweestapsverificatie in te stellen.")
                                 % {"email": user.email})
        else:
            messages.success(request, _("%(email)s heeft al een account. De rol is toegevoegd; er is geen "
                                        "nieuwe uitnodiging nodig. De rol is bij de volgende pagina actief.")
                             % {"email": user.email})
        return redirect("beheer:gebruiker", pk=user.pk)
    return render(request, "beheer/uitnodigen.html", {"form": form})


def _render_gebruiker(request, gebruiker: User, rol_form=None, status: int = 200):
    lidmaatschappen = list(
        Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=request.organisatie)
        .order_by("-actief", "rol")
    )
    context = {
        "gebruiker": gebruiker,
        "lidmaatschappen": lidmaatschappen,
        "aangeboden": list(Roluitnodiging.objects.filter(gebruiker=gebruiker, organisatie=request.organisatie)),
        "heeft_actieve_rol": any(lid.actief for lid in lidmaatschappen),
        "werkt_elders": services.werkt_elders(gebruiker, request.organisatie),
        "heeft_2fa": TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists(),
        "is_zelf": gebruiker.pk == request.user.pk,
        "rol_form": rol_form or RolToevoegenForm(gebruiker=gebruiker, organisatie=request.organisatie),
    }
    return render(request, "beheer/gebruiker.html", context, status=status)


@beheerder_required
def gebruiker_view(request, pk: int):
    return _render_gebruiker(request, _gebruiker_of_404(request, pk))


@require_POST
@beheerder_required
def rol_toevoegen_view(request, pk: int):
    gebruiker = _gebruiker_of_404(request, pk)
    form = RolToevoegenForm(request.POST, gebruiker=gebruiker, organisatie=request.organisatie)
    if not form.is_valid():
        return _render_gebruiker(request, gebruiker, rol_form=form)
    resultaat = services.rol_toekennen(
        gebruiker=gebruiker, organisatie=request.organisatie, rol=form.cleaned_data["rol"],
        extern=form.cleaned_data["extern"], door=request.user, request=request,
    )
    if isinstance(resultaat, Roluitnodiging):
        messages.success(request, ROL_AANGEBODEN % {"email": gebruiker.email})
    else:
        messages.success(request, _("De rol %(rol)s is toegekend.") % {"rol": resultaat.get_rol_display()})
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def rol_intrekken_view(request, pk: int, lidmaatschap_pk: int):
    gebruiker = _actief_lid_of_404(request, pk)
    lidmaatschap = get_object_or_404(
        Lidmaatschap, pk=lidmaatschap_pk, gebruiker=gebruiker, organisatie=request.organisatie
    )
    try:
        services.rol_intrekken_door_beheerder(lidmaatschap=lidmaatschap, door=request.user, request=request)
    except services.BeheerWeigering as weigering:
        messages.error(request, str(weigering))
    else:
        rol = lidmaatschap.get_rol_display()
        messages.success(request, _("De rol %(rol)s is ingetrokken.") % {"rol": rol})
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def deactiveren_view(request, pk: int):
    gebruiker = _actief_lid_of_404(request, pk)
    try:
        account_uit = services.gebruiker_deactiveren(
            gebruiker=gebruiker, organisatie=request.organisatie, door=request.user, request=request
        )
    except services.BeheerWeigering as weigering:
        messages.error(request, str(weigering))
    else:
        if account_uit:
            tekst = _("%(email)s is gedeactiveerd. Het account heeft nergens meer een rol, is uitgeschakeld "
                      "en alle sessies zijn beëindigd.")
        else:
            tekst = _("%(email)s heeft geen rol meer in deze organisatie. Het account blijft actief voor "
                      "andere organisaties.")
        messages.success(request, tekst % {"email": gebruiker.email})
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def uitnodiging_opnieuw_view(request, pk: int):
    gebruiker = _gebruiker_of_404(request, pk)
    heeft_rol = Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=request.organisatie, actief=True)
    if not gebruiker.is_active or not heeft_rol.exists():
        messages.error(request, _("Deze gebruiker heeft geen actieve rol in uw organisatie. "
                                  "Ken eerst een rol toe."))
    elif gebruiker.has_usable_password():
        # An invitation link sets a password; for someone who has one, it would be a password reset in disguise.
        messages.error(request, _("%(email)s heeft de uitnodiging al gebruikt en een wachtwoord ingesteld. Kan de "
                                  "persoon niet meer inloggen, stuur dan een herstel-link.") % {"email": gebruiker.email})
    elif _verstuur_uitnodiging(request, gebruiker):
        messages.success(request, _("Er is een nieuwe eenmalige link naar %(email)s gestuurd.")
                         % {"email": gebruiker.email})
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def tweestap_resetten_view(request, pk: int):
    gebruiker = _actief_lid_of_404(request, pk)
    try:
        services.tweestapsverificatie_resetten(
            gebruiker=gebruiker, organisatie=request.organisatie, door=request.user, request=request
        )
    except services.BeheerWeigering as weigering:
        messages.error(request, str(weigering))
        return redirect("beheer:gebruiker", pk=gebruiker.pk)
    tekst = _("De tweestapsverificatie van %(email)s is gewist. Bij de volgende keer inloggen stelt deze "
              "persoon een nieuwe authenticator-app in.")
    messages.success(request, tekst % {"email": gebruiker.email})
    _verstuur(
        request,
        lambda: services.tweestap_reset_melden(gebruiker=gebruiker, organisatie=request.organisatie),
        gebruiker,
        _("De e-mail die %(email)s over het wissen informeert, kon niet worden verstuurd. Laat het de persoon "
          "zelf weten.") % {"email": gebruiker.email},
    )
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def herstellink_view(request, pk: int):
    gebruiker = _actief_lid_of_404(request, pk)
    try:
        verstuurd = _verstuur(
            request,
            lambda: services.herstellink_versturen(gebruiker=gebruiker, organisatie=request.organisatie,
                                                   door=request.user, request=request),
            gebruiker,
            _("De e-mail met de herstel-link kon niet worden verstuurd. Probeer het later opnieuw."),
        )
    except services.BeheerWeigering as weigering:
        messages.error(request, str(weigering))
    else:
        if verstuurd:
            messages.success(request, _("Er is een eenmalige herstel-link naar %(email)s gestuurd. Daarmee kiest de "
                                        "persoon een nieuw wachtwoord en stelt de tweestapsverificatie opnieuw in.")
                             % {"email": gebruiker.email})
    return redirect("beheer:gebruiker", pk=gebruiker.pk)


@require_POST
@beheerder_required
def aanbod_intrekken_view(request, pk: int):
    uitnodiging = get_object_or_404(Roluitnodiging, pk=pk, organisatie=request.organisatie)
    services.roluitnodiging_afwijzen(uitnodiging=uitnodiging, door=request.user, request=request)
    messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": uitnodiging.gebruiker.email})
    return redirect("beheer:gebruikers")


# --- Organisational units ----------------------------------------------------------------------------------


@beheerder_required
def onderdelen_view(request):
    onderdelen = Organisatieonderdeel.objects.filter(organisatie=request.organisatie).order_by(
        "naam", "geldig_van"
    )
    context = {"vandaag": timezone.localdate(), **paginate(request, onderdelen)}
    return render(request, "beheer/onderdelen.html", context)


@beheerder_required
def onderdeel_nieuw_view(request):
    form = OnderdeelNieuwForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            onderdeel = services.onderdeel_create(
                organisatie=request.organisatie, naam=form.cleaned_data["naam"],
                geldig_van=form.cleaned_data["geldig_van"], door=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Onderdeel %(naam)s is aangemaakt.") % {"naam": onderdeel.naam})
            return redirect("beheer:onderdelen")
    return render(request, "beheer/onderdeel_nieuw.html", {"form": form})


def _render_onderdeel(request, onderdeel, form=None, hernoem_form=None):
    context = {
        "onderdeel": onderdeel,
        "form": form or OnderdeelWijzigenForm(onderdeel=onderdeel),
        "hernoem_form": hernoem_form or OnderdeelHernoemenForm(onderdeel=onderdeel),
    }
    return render(request, "beheer/onderdeel_wijzigen.html", context)


@beheerder_required
def onderdeel_wijzigen_view(request, pk: int):
    onderdeel = _onderdeel_of_404(request, pk)
    if request.method != "POST":
        return _render_onderdeel(request, onderdeel)
    form = OnderdeelWijzigenForm(request.POST, onderdeel=onderdeel)
    if form.is_valid():
        try:
            services.onderdeel_wijzigen(
                onderdeel=_onderdeel_of_404(request, pk), naam=form.cleaned_data["naam"],
                geldig_tot=form.cleaned_data["geldig_tot"], door=request.user, request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Het onderdeel is opgeslagen."))
            return redirect("beheer:onderdelen")
    return _render_onderdeel(request, onderdeel, form=form)


@require_POST
@beheerder_required
def onderdeel_hernoemen_view(request, pk: int):
    onderdeel = _onderdeel_of_404(request, pk)
    form = OnderdeelHernoemenForm(request.POST, onderdeel=onderdeel)
    if form.is_valid():
        try:
            nieuw = services.onderdeel_hernoemen_per_datum(
                onderdeel=_onderdeel_of_404(request, pk), nieuwe_naam=form.cleaned_data["nieuwe_naam"],
                per_datum=form.cleaned_data["per_datum"], door=request.user, request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            tekst = _("%(oud)s heet vanaf %(datum)s %(nieuw)s. Eerdere jaren houden de oude naam.")
            messages.success(request, tekst % {
                "oud": onderdeel.naam, "nieuw": nieuw.naam, "datum": nieuw.geldig_van.strftime("%d-%m-%Y"),
            })
            return redirect("beheer:onderdelen")
    return _render_onderdeel(request, onderdeel, hernoem_form=form)


# --- Audit log ---------------------------------------------------------------------------------------------


def _begin_van_dag(datum: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(datum, datetime.time.min, tzinfo=timezone.get_current_timezone())


# A kenmerk of the product's own forms as people type one (2026, 2026-01, VP-2026-003): logged as typed. Anything
# else in the box (a name, a phone or BSN number, a sentence) is not logged, only that something was searched.
_KENMERKACHTIG = re.compile(r"(VP-)?[0-9]{4}(-[0-9]{0,6})?", re.IGNORECASE)


def _bekeken_filters(data: dict, page: str) -> dict:
    details = {}
    if data["kenmerk"]:
        details["kenmerk"] = data["kenmerk"] if _KENMERKACHTIG.fullmatch(data["kenmerk"]) else "(geen kenmerk)"
    if data["gebruiker"] is not None:
        details["gebruiker"] = data["gebruiker"]
    if data["actie"]:
        details["actie"] = data["actie"]
    for veld in ("van", "tot"):
        if data[veld]:
            details[veld] = data[veld].isoformat()
    if re.fullmatch(r"[0-9]{1,6}", page):
        details["page"] = int(page)
    return details


def _audit_gefilterd(request) -> tuple[AuditFilterForm, object, dict]:
    """The organisation's entries the filters select (none when a filter is invalid), newest first, and the
    validated filters as the log of looking at the log records them."""
    organisatie = request.organisatie
    entries = AuditEntry.objects.filter(organisatie_id=organisatie.pk)
    acties = entries.order_by("actie").values_list("actie", flat=True).distinct()
    gebruikers = _gebruikers_van(organisatie).order_by("naam", "email")
    form = AuditFilterForm(request.GET or None, gebruikers=gebruikers, acties=acties)
    bekeken: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        bekeken = _bekeken_filters(data, request.GET.get("page", ""))
        if data["kenmerk"]:
            entries = entries.filter(auditweergave.object_filter(data["kenmerk"], organisatie.pk))
        if data["gebruiker"] is not None:
            entries = entries.filter(gebruiker_id=data["gebruiker"])
        if data["actie"]:
            entries = entries.filter(actie=data["actie"])
        if data["van"]:
            entries = entries.filter(tijdstip__gte=_begin_van_dag(data["van"]))
        if data["tot"]:
            entries = entries.filter(tijdstip__lt=_begin_van_dag(data["tot"] + datetime.timedelta(days=1)))
    elif form.is_bound:
        entries = entries.none()
    entries = entries.order_by("-tijdstip", "-id").only(
        "tijdstip", "gebruiker_id", "gebruiker_label", "actie", "objecttype", "object_id", "details", "ip_adres"
    )
    return form, entries, bekeken


@beheerder_required
def audit_view(request):
    form, entries, bekeken = _audit_gefilterd(request)
    # Who looked at the log is part of the log: the validated filters and page only (ids, an action code, ISO
    # dates, a number, a kenmerk), never other text typed into the query string.
    audit("auditlog_bekeken", organisatie=request.organisatie, request=request, details=bekeken)
    context = {"form": form, **paginate(request, entries)}
    context["regels"] = auditweergave.regels(context["page_obj"].object_list, request.organisatie.pk)
    export_params = request.GET.copy()
    export_params.pop("page", None)
    context["export_querystring"] = export_params.urlencode()
    return render(request, "beheer/audit.html", context)


class _Echo:
    def write(self, value):
        return value


AUDIT_CSV_KOLOMMEN = (
    ("tijdstip", gettext_lazy("Tijdstip")), ("actie", gettext_lazy("Actie")),
    ("actiecode", gettext_lazy("Actiecode")), ("object", gettext_lazy("Object")), ("naam", gettext_lazy("Wie")),
    ("rollen", gettext_lazy("Rol")), ("details", gettext_lazy("Details")), ("ip_adres", gettext_lazy("IP-adres")),
)


@beheerder_required
def audit_export_view(request):
    """The filtered rows as CSV (semicolons and a BOM, as Dutch Excel opens it), streamed in blocks. The export is
    itself an audit entry, with the filters and the number of rows."""
    from uitwisseling.exporteren import veilige_cel

    form, entries, bekeken = _audit_gefilterd(request)
    if form.is_bound and not form.is_valid():
        # Back to the log, which says what is wrong with the filters; nothing is exported or audited.
        return redirect(f"{reverse('beheer:audit')}?{request.GET.urlencode()}")
    bekeken.pop("page", None)  # the export is every page
    organisatie_id = request.organisatie.pk
    # The log grows while the file is written (this export's own entry first): the rows up to now, so the blocks
    # below page through a set that no longer changes (the log is append-only).
    laatste = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entries = entries.filter(id__lte=laatste)
    aantal = entries.count()
    audit("auditlog_geexporteerd", organisatie=request.organisatie, request=request,
          details={**bekeken, "regels": aantal})
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def rijen():
        yield "\ufeff" + writer.writerow([str(kop) for _sleutel, kop in AUDIT_CSV_KOLOMMEN])
        for start in range(0, aantal, AUDIT_CSV_BLOK):
            for regel in auditweergave.regels(entries[start:start + AUDIT_CSV_BLOK], organisatie_id):
                regel["tijdstip"] = timezone.localtime(regel["tijdstip"]).strftime("%Y-%m-%d %H:%M:%S")
                yield writer.writerow([veilige_cel(str(regel[sleutel])) for sleutel, _kop in AUDIT_CSV_KOLOMMEN])

    response = StreamingHttpResponse(rijen(), content_type="text/csv; charset=utf-8")
    datum = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="auditlog-{request.organisatie.slug}-{datum}.csv"'
    return response


# --- VP onderwerpen: aard --------------------------------------------------------------------------------


@beheerder_required
def onderwerpen_view(request):
    from taxonomie.services import vp_aard_wijzigen

    form = VpAardForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            gewijzigd = vp_aard_wijzigen(organisatie=request.organisatie, aarden=form.aarden(), door=request.user,
                                         request=request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("De aard van %(n)s onderwerp(en) is gewijzigd.") % {"n": len(gewijzigd)}
                             if gewijzigd else _("Er is niets gewijzigd."))
            return redirect("beheer:onderwerpen")
    return render(request, "beheer/onderwerpen.html", {"form": form})
