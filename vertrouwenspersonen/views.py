"""Screens of the VP register. Thin: load through the access helper, form -> service -> redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.auditweergave import actie_label
from accounts.forms import form_errors_from
from accounts.models import Rol
from accounts.pagination import paginate
from vertrouwenspersonen import selectors, services
from vertrouwenspersonen.access import get_dossier_for, require_owner
from vertrouwenspersonen.forms import (
    ActiviteitForm,
    AfsluitenForm,
    DelenForm,
    DossierFilterForm,
    DossierForm,
    GesprekForm,
    SignaalForm,
)
from vertrouwenspersonen.models import DossierUserObjectPermission, Gesprek

# Nobody but a VP ever sees a VP-dossier, so for every other role a dossier URL simply does not exist.
vp_required = role_required(Rol.VERTROUWENSPERSOON, hide_objects=True)

@vp_required
def dashboard_view(request):
    today = timezone.localdate()
    open_qs = selectors.dossier_list(
        user=request.user, organisatie=request.organisatie, filters={"status": "open"}
    )
    context = {
        "open_dossiers": selectors.met_onderwerpnamen(open_qs[:10]),
        "aantal_open": selectors.dossiers_visible_to(request.user, request.organisatie)
        .filter(status="open")
        .count(),
        "zonder_gesprek": selectors.dossiers_zonder_recent_gesprek(
            user=request.user, organisatie=request.organisatie, today=today
        )[:10],
        "cijfers": selectors.dashboard_cijfers(
            user=request.user, organisatie=request.organisatie, jaar=today.year
        ),
        "jaar": today.year,
    }
    return render(request, "vertrouwenspersonen/dashboard.html", context)


@vp_required
def dossier_list_view(request):
    eerste = selectors.dossiers_visible_to(request.user, request.organisatie).aggregate(
        eerste=Min("eerste_contact"))["eerste"]
    filter_form = DossierFilterForm(request.GET or None, organisatie=request.organisatie, eerste_contact=eerste)
    filters = filter_form.filters() if request.GET else {}
    qs = selectors.dossier_list(user=request.user, organisatie=request.organisatie, filters=filters)
    if "kenmerk" in filter_form.errors:
        qs = qs.none()  # the form says what is wrong; a list that ignored it would look like an answer
    context = {"filter_form": filter_form, "gefilterd": bool(filters) or bool(filter_form.errors),
               "gezocht": filters.get("kenmerk", ""), **paginate(request, qs)}
    context["page_obj"].object_list = selectors.met_onderwerpnamen(context["page_obj"].object_list)
    return render(request, "vertrouwenspersonen/dossier_lijst.html", context)


def _dossier_data(cleaned: dict) -> dict:
    return {key: cleaned[key] for key in (*services.DOSSIER_VELDEN, *services.KEUZELIJSTEN, "onderwerpen")}


@vp_required
def dossier_create_view(request):
    form = DossierForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                organisatie=request.organisatie,
                eigenaar=request.user,
                request=request,
                eerste_gesprek=form.eerste_gesprek_gegevens(),
                **_dossier_data(form.cleaned_data),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het eerste contact is vastgelegd."))
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    return render(request, "vertrouwenspersonen/dossier_form.html", {"form": form, "dossier": None})


@vp_required
def dossier_detail_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    is_eigenaar = dossier.eigenaar_id == request.user.pk
    context = {
        "dossier": dossier,
        "is_eigenaar": is_eigenaar,
        "onderwerpen": dossier.onderwerpen.select_related("parent"),
        "hulpvragen": [k.get_waarde_display() for k in dossier.hulpvragen.all()],
        "verwijzingen": [k.get_waarde_display() for k in dossier.verwijzingen.all()],
        "vervolgen": [k.get_waarde_display() for k in dossier.vervolgen.all()],
        "gesprekken": Gesprek.objects.filter(dossier=dossier).select_related("gevoerd_door"),
    }
    if is_eigenaar:
        context["deelrechten"] = selectors.deelrechten_van(dossier=dossier)
        context["inzage_log"] = [
            {
                "tijdstip": e.tijdstip,
                "gebruiker_id": e.gebruiker_id,
                "gebruiker_label": e.gebruiker_label,
                "actie": actie_label(e.actie),
            }
            for e in selectors.inzage_log(dossier=dossier)
        ]
        context["vandaag"] = timezone.localdate()
    return render(request, "vertrouwenspersonen/dossier_detail.html", context)


@vp_required
def dossier_update_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    form = DossierForm(request.POST or None, organisatie=request.organisatie, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(
                dossier=dossier, door=request.user, request=request, **_dossier_data(form.cleaned_data)
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het dossier is bijgewerkt."))
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    return render(request, "vertrouwenspersonen/dossier_form.html", {"form": form, "dossier": dossier})


@vp_required
def gesprek_create_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    if not dossier.is_open:
        messages.error(
            request, _("Dit dossier is afgesloten. Heropen het eerst om een gesprek toe te voegen.")
        )
        return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    form = GesprekForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.gesprek_create(dossier=dossier, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het gesprek is vastgelegd."))
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    return render(request, "vertrouwenspersonen/gesprek_form.html", {"form": form, "dossier": dossier})


@vp_required
def gesprek_update_view(request, pk: int, gesprek_pk: int):
    dossier = get_dossier_for(request, pk)
    gesprek = Gesprek.objects.filter(dossier=dossier, pk=gesprek_pk).first()
    if gesprek is None:
        raise Http404
    initial = {f: getattr(gesprek, f) for f in ("datum", "vorm", "duur_minuten", "notitie")}
    form = GesprekForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.gesprek_update(gesprek=gesprek, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het gesprek is bijgewerkt."))
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    context = {"form": form, "dossier": dossier, "gesprek": gesprek}
    return render(request, "vertrouwenspersonen/gesprek_form.html", context)


@vp_required
def dossier_close_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    if not dossier.is_open:
        messages.info(request, _("Dit dossier is al afgesloten."))
        return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    form = AfsluitenForm(
        request.POST or None, initial={"afgesloten_op": timezone.localdate(), "resultaat": dossier.resultaat}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_afsluiten(
                dossier=dossier,
                door=request.user,
                request=request,
                datum=form.cleaned_data["afgesloten_op"],
                resultaat=form.cleaned_data["resultaat"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het dossier is afgesloten."))
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    return render(request, "vertrouwenspersonen/dossier_afsluiten.html", {"form": form, "dossier": dossier})


@require_POST
@vp_required
def dossier_reopen_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    try:
        services.dossier_heropenen(dossier=dossier, door=request.user, request=request)
    except ValidationError:
        messages.info(request, _("Dit dossier is al open."))
    else:
        messages.success(request, _("Het dossier is heropend."))
    return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)


@vp_required
def dossier_share_view(request, pk: int):
    dossier = get_dossier_for(request, pk)
    require_owner(request, dossier)
    form = DelenForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_delen(dossier=dossier, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Het dossier is gedeeld tot en met %(datum)s.")
                % {"datum": form.cleaned_data["geldig_tot"].strftime("%d-%m-%Y")},
            )
            return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)
    context = {
        "form": form,
        "dossier": dossier,
        "deelrechten": selectors.deelrechten_van(dossier=dossier),
        "vandaag": timezone.localdate(),
    }
    return render(request, "vertrouwenspersonen/dossier_delen.html", context)


@require_POST
@vp_required
def dossier_share_revoke_view(request, pk: int, grant_pk: int):
    dossier = get_dossier_for(request, pk)
    require_owner(request, dossier)
    grant = DossierUserObjectPermission.objects.filter(pk=grant_pk, content_object=dossier).first()
    if grant is None:
        raise Http404
    services.dossier_delen_intrekken(grant=grant, door=request.user, request=request)
    messages.success(request, _("Het delen is ingetrokken."))
    return redirect("vertrouwenspersonen:dossier", pk=dossier.pk)


# Activiteiten and signalen: a VP's own registers, not shared.


def _eigen_lijst(request, selector, template: str):
    qs = selector(user=request.user, organisatie=request.organisatie).order_by("-datum", "-id")
    return render(request, template, paginate(request, qs))


def _eigen_formulier(
    request, pk: int | None, *, selector, form_class, velden: tuple[str, ...], opslaan, naam: str,
    opgeslagen: str, lijst: str, template: str,
):
    """New or edit form of a VP's own activity or signal: only their own rows (404 otherwise)."""
    obj = None
    initial = {"datum": timezone.localdate()}
    if pk is not None:
        obj = get_object_or_404(selector(user=request.user, organisatie=request.organisatie), pk=pk)
        initial = {f: getattr(obj, f) for f in velden}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opslaan(
                organisatie=request.organisatie, door=request.user, request=request, **{naam: obj},
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, opgeslagen)
            return redirect(lijst)
    return render(request, template, {"form": form, naam: obj})


@vp_required
def activiteit_list_view(request):
    return _eigen_lijst(request, selectors.activiteiten_van, "vertrouwenspersonen/activiteit_lijst.html")


@vp_required
def activiteit_form_view(request, pk: int | None = None):
    return _eigen_formulier(
        request, pk, selector=selectors.activiteiten_van, form_class=ActiviteitForm,
        velden=("soort", "datum", "uren", "deelnemers", "omschrijving"), opslaan=services.activiteit_opslaan,
        naam="activiteit", opgeslagen=_("De activiteit is opgeslagen."), lijst="vertrouwenspersonen:activiteiten",
        template="vertrouwenspersonen/activiteit_form.html",
    )


@vp_required
def signaal_list_view(request):
    return _eigen_lijst(request, selectors.signalen_van, "vertrouwenspersonen/signaal_lijst.html")


@vp_required
def signaal_form_view(request, pk: int | None = None):
    return _eigen_formulier(
        request, pk, selector=selectors.signalen_van, form_class=SignaalForm, velden=("datum", "aan", "thema"),
        opslaan=services.signaal_opslaan, naam="signaal", opgeslagen=_("Het signaal is opgeslagen."),
        lijst="vertrouwenspersonen:signalen", template="vertrouwenspersonen/signaal_form.html",
    )
