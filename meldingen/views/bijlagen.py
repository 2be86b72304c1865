"""Attachments: upload (validated) and download (decrypted on the fly, only after the access check)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.audit import audit
from accounts.forms import form_errors_from
from accounts.models import Rol
from accounts.uploads import memory_only_uploads, upload_form, upload_status
from meldingen import services
from meldingen.access import get_bijlage_for, get_melding_for
from meldingen.forms import BijlageForm
from meldingen.services.bijlagen import BIJLAGE_MAX_BYTES, TE_GROOT


@memory_only_uploads(BIJLAGE_MAX_BYTES, te_groot=TE_GROOT)
@role_required(Rol.COORDINATOR)
def bijlage_nieuw_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = upload_form(BijlageForm, request)
    if form.is_valid():
        try:
            services.bijlage_add(melding=melding, bestand=form.cleaned_data["bestand"], door=request.user,
                                 request=request)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("De bijlage is versleuteld opgeslagen."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding, "multipart": True, "titel": _("Bijlage toevoegen")},
        status=upload_status(request))


@role_required(Rol.COORDINATOR, Rol.ONDERZOEKER)
def bijlage_download_view(request, pk: int):
    bijlage = get_bijlage_for(request, pk)
    audit("bijlage_gedownload", obj=bijlage.melding, request=request, details={"bijlage_id": bijlage.pk})
    response = FileResponse(
        bijlage.bestand.open("rb"), as_attachment=True, filename=bijlage.bestandsnaam,
        content_type=bijlage.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
