"""Retention screens: the beheerder's terms and destruction log (metadata only), and the owner's extension."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.forms import form_errors_from
from accounts.models import Rol
from bewaren import services, termijn
from bewaren.forms import TermijnenForm, VerlengenForm
from bewaren.models import Vernietiging
from meldingen.access import get_melding_for
from vertrouwenspersonen.access import get_dossier_for, require_owner


@role_required(Rol.BEHEERDER)
def beheer_view(request):
    organisatie = request.organisatie
    huidig = {key: termijn.maanden_voor(organisatie, register) for key, register in TermijnenForm.REGISTERS.items()}
    form = TermijnenForm(request.POST or None, initial=huidig)
    if request.method == "POST" and form.is_valid():
        for key, register in TermijnenForm.REGISTERS.items():
            services.bewaartermijn_instellen(organisatie=organisatie, register=register,
                                             maanden=form.cleaned_data[key], door=request.user, request=request)
        messages.success(request, _("De bewaartermijnen zijn opgeslagen."))
        return redirect("bewaren:beheer")
    log = Vernietiging.objects.filter(organisatie=organisatie).order_by("-tijdstip", "-id")[:200]
    return render(request, "beheer/bewaren.html", {"form": form, "log": log})


def _verlengen(request, obj, terug: str):
    form = VerlengenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.termijn_verlengen(obj=obj, tot=form.cleaned_data["tot"], reden=form.cleaned_data["reden"],
                                       door=request.user, request=request)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("De bewaartermijn is verlengd."))
            return redirect(terug)
    return render(request, "bewaren/verlengen.html", {"form": form, "obj": obj, "terug": terug})


@role_required(Rol.VERTROUWENSPERSOON, hide_objects=True)
def dossier_verlengen_view(request, pk: int):
    # The page names the dossier: a GET is a read, as on every page of a case (a POST is audited as the write).
    dossier = get_dossier_for(request, pk)
    # Only the owner decides on retention; a VP covering a holiday (a grant) does not. The retention page keeps
    # the VP register's 404 for it rather than require_owner's 403.
    try:
        require_owner(request, dossier)
    except PermissionDenied:
        raise Http404 from None
    return _verlengen(request, dossier, dossier_url(dossier))


@role_required(Rol.COORDINATOR)
def melding_verlengen_view(request, pk: int):
    melding = get_melding_for(request, pk)
    return _verlengen(request, melding, reverse("meldingen:detail", args=[melding.pk]))


def dossier_url(dossier) -> str:
    return reverse("vertrouwenspersonen:dossier", args=[dossier.pk])

