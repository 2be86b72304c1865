"""Feitenonderzoek screens: for coordinators, and for the onderzoeker assigned to the investigation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.audit import audit
from accounts.forms import form_errors_from
from accounts.models import Rol, User
from accounts.pagination import paginate
from accounts.uploads import memory_only_uploads, upload_form, upload_status
from meldingen import onderzoekstoegang, services
from meldingen.access import get_melding_for, get_onderzoek_for, is_coordinator_of
from meldingen.forms import BijlageForm, OnderzoekForm, ToewijzenForm
from meldingen.models import Feitenonderzoek
from meldingen.selectors import onderzoeken_visible_to, onderzoekers_van
from meldingen.services.bijlagen import BIJLAGE_MAX_BYTES, TE_GROOT

COORDINATOR = Rol.COORDINATOR
ONDERZOEKER = Rol.ONDERZOEKER


@role_required(COORDINATOR)
def onderzoek_nieuw_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = OnderzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "versie"}
        try:
            onderzoek = services.onderzoek_create(melding=melding, door=request.user, request=request, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het feitenonderzoek is vastgelegd. Wijs nu een onderzoeker toe."))
            return redirect("meldingen:onderzoek_detail", pk=onderzoek.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding, "titel": _("Feitenonderzoek vastleggen")})


@role_required(ONDERZOEKER, COORDINATOR)
def mijn_onderzoeken_view(request):
    qs = (
        onderzoeken_visible_to(request.user, request.organisatie)
        .select_related("melding__onderwerp")
        .order_by("-startdatum", "-id")
    )
    context = {"lopend": list(qs.exclude(onderzoekstoegang.is_afgerond_q())),
               "toegang_dagen": onderzoekstoegang.toegang_dagen(request.organisatie),
               **paginate(request, qs.filter(onderzoekstoegang.is_afgerond_q()))}
    return render(request, "meldingen/onderzoeken.html", context)


@role_required(ONDERZOEKER, COORDINATOR)
def onderzoek_detail_view(request, pk: int):
    onderzoek = get_onderzoek_for(request, pk)
    # The onderzoeker also reads the melding's description (read-only): that is a read of the melding.
    audit("melding_gelezen", obj=onderzoek.melding, request=request, details={"via_feitenonderzoek": onderzoek.pk})
    coordinator = is_coordinator_of(request, onderzoek.melding)
    context = {
        "onderzoek": onderzoek,
        "melding": onderzoek.melding,
        "onderzoekers": list(onderzoekers_van(onderzoek)),
        "bijlagen": onderzoek.bijlagen.all(),
        "is_coordinator": coordinator,
        "alleen_lezen": onderzoekstoegang.afgerond(onderzoek),
        "toegang_dagen": onderzoekstoegang.toegang_dagen(request.organisatie),
        "toewijzen_form": ToewijzenForm(organisatie=request.organisatie) if coordinator else None,
    }
    return render(request, "meldingen/onderzoek_detail.html", context)


@role_required(ONDERZOEKER, COORDINATOR)
def onderzoek_bewerken_view(request, pk: int):
    onderzoek = get_onderzoek_for(request, pk, write=True)
    alleen_voortgang = not is_coordinator_of(request, onderzoek.melding)
    form = OnderzoekForm(request.POST or None, instance=onderzoek, alleen_voortgang=alleen_voortgang)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        versie = data.pop("versie")
        try:
            services.onderzoek_update(onderzoek=Feitenonderzoek.objects.get(pk=onderzoek.pk), door=request.user,
                                      versie=versie, request=request, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het feitenonderzoek is bijgewerkt."))
            return redirect("meldingen:onderzoek_detail", pk=onderzoek.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": onderzoek.melding, "onderzoek": onderzoek,
        "titel": _("Voortgang van het feitenonderzoek") if alleen_voortgang else _("Feitenonderzoek bewerken")})


@require_POST
@role_required(COORDINATOR)
def onderzoek_toewijzen_view(request, pk: int):
    onderzoek = get_onderzoek_for(request, pk, write=True)
    form = ToewijzenForm(request.POST, organisatie=request.organisatie)
    if form.is_valid():
        try:
            services.onderzoek_assign(onderzoek=onderzoek, onderzoeker=form.cleaned_data["onderzoeker"],
                                      door=request.user, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("De onderzoeker is toegewezen."))
    else:
        messages.error(request, _("Kies een onderzoeker uit de lijst."))
    return redirect("meldingen:onderzoek_detail", pk=onderzoek.pk)


@require_POST
@role_required(COORDINATOR)
def onderzoek_intrekken_view(request, pk: int, user_pk: int):
    onderzoek = get_onderzoek_for(request, pk, write=True)
    # Only people of this organisation (a membership, also an ended one: its grant may still need revoking). A user
    # id of elsewhere gets the same 404 as one that does not exist.
    onderzoeker = get_object_or_404(User.objects.filter(lidmaatschappen__organisatie=request.organisatie).distinct(),
                                    pk=user_pk)
    if services.onderzoek_revoke(onderzoek=onderzoek, onderzoeker=onderzoeker, door=request.user, request=request):
        messages.success(request, _("De toewijzing is ingetrokken."))
    else:
        messages.info(request, _("Deze persoon was niet (meer) toegewezen."))
    return redirect("meldingen:onderzoek_detail", pk=onderzoek.pk)


@memory_only_uploads(BIJLAGE_MAX_BYTES, te_groot=TE_GROOT)
@role_required(ONDERZOEKER, COORDINATOR)
def onderzoek_rapport_view(request, pk: int):
    onderzoek = get_onderzoek_for(request, pk, write=True)
    form = upload_form(BijlageForm, request)
    if form.is_valid():
        try:
            services.bijlage_add(melding=onderzoek.melding, feitenonderzoek=onderzoek, is_rapport=True,
                                 bestand=form.cleaned_data["bestand"], door=request.user, request=request)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het rapport is versleuteld opgeslagen."))
            return redirect("meldingen:onderzoek_detail", pk=onderzoek.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": onderzoek.melding, "onderzoek": onderzoek, "multipart": True,
        "titel": _("Onderzoeksrapport uploaden")}, status=upload_status(request))
