"""Import and export screens. A coordinator works on the meldingenregister, a VP on their own dossiers.

Upload → the whole file is checked → errors are shown in a table, or the file is kept (encrypted) and a summary
with a confirm button is shown → confirm re-reads that same file, checks it again and imports it.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from accounts.models import Rol
from accounts.uploads import memory_only_uploads, upload_form, upload_status, upload_weigering
from uitwisseling import exporteren, importeren
from uitwisseling.columns import KOLOMMEN, MELDINGEN, VERTROUWENSPERSONEN
from uitwisseling.forms import MAX_UPLOAD_BYTES, REGISTER_NAMEN, TE_GROOT, ExportForm, UploadForm
from uitwisseling.models import BEWAARTIJD_UPLOAD, ImportBestand, ImportRun, verlopen_uploads_opruimen

ROLLEN = (Rol.COORDINATOR, Rol.VERTROUWENSPERSOON)
MAX_FOUTEN_GETOOND = 1000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def registers_van(request) -> list[str]:
    """The registers the user may import into and export from in the active organisation."""
    registers = []
    if Rol.COORDINATOR in request.rollen:
        registers.append(MELDINGEN)
    if Rol.VERTROUWENSPERSOON in request.rollen:
        registers.append(VERTROUWENSPERSONEN)
    return registers


def _eigenaar(request, register: str):
    return request.user if register == VERTROUWENSPERSONEN else None


def _recente_imports(request, registers):
    """The register's imports for a coordinator; a VP sees only the imports into their own dossiers."""
    wie = Q(pk__in=[])
    if MELDINGEN in registers:
        wie |= Q(register=MELDINGEN)
    if VERTROUWENSPERSONEN in registers:
        wie |= Q(register=VERTROUWENSPERSONEN, eigenaar=request.user)
    return ImportRun.objects.filter(wie, organisatie=request.organisatie).select_related("door")[:10]


def _index_context(request, form=None):
    registers = registers_van(request)
    return {
        "form": form or UploadForm(registers=registers),
        "export_form": ExportForm(registers=registers),
        "kolommen": [(r, REGISTER_NAMEN[r], KOLOMMEN[r]) for r in registers],
        "recente_imports": _recente_imports(request, registers),
    }


@require_GET
@role_required(*ROLLEN)
def index_view(request):
    return render(request, "uitwisseling/index.html", _index_context(request))


@memory_only_uploads(MAX_UPLOAD_BYTES, te_groot=TE_GROOT)
@require_POST
@role_required(*ROLLEN)
def upload_view(request):
    registers = registers_van(request)
    form = upload_form(UploadForm, request, registers=registers)
    if upload_weigering(request):
        return render(request, "uitwisseling/index.html", _index_context(request, form), status=upload_status(request))
    if request.POST.get("register") and request.POST["register"] not in registers:
        raise PermissionDenied  # e.g. a VP posting into the coordinator's register
    if "eigenaar" in request.POST:
        raise PermissionDenied  # nobody imports in someone else's name from the web
    if not form.is_valid():
        return render(request, "uitwisseling/index.html", _index_context(request, form))
    register = form.cleaned_data["register"]
    upload = form.cleaned_data["bestand"]
    data = upload.read()
    resultaat = importeren.importeer(
        data, organisatie=request.organisatie, register=register, door=request.user,
        eigenaar=_eigenaar(request, register), bestandsnaam=upload.name, proef=True, request=request,
    )
    if not resultaat.ok or not resultaat.te_maken:
        return render(request, "uitwisseling/resultaat.html", _resultaat_context(resultaat, register, upload.name))
    # Only this exact file can be confirmed: it is kept encrypted, and its earlier pending uploads are dropped,
    # as are anyone's uploads that were never confirmed within the retention time.
    for oud in ImportBestand.objects.filter(gebruiker=request.user):
        oud.verwijder()
    verlopen_uploads_opruimen()
    bestand = ImportBestand(organisatie=request.organisatie, gebruiker=request.user, register=register,
                            bestandsnaam=upload.name[:200], sha256=hashlib.sha256(data).hexdigest())
    bestand.bestand.save("upload", ContentFile(data), save=False)
    bestand.save()
    return redirect("uitwisseling:controle", pk=bestand.pk)


def _resultaat_context(resultaat, register, bestandsnaam, bestand=None):
    return {
        "resultaat": resultaat,
        "register_naam": REGISTER_NAMEN[register],
        "bestandsnaam": bestandsnaam,
        "fouten": resultaat.fouten[:MAX_FOUTEN_GETOOND],
        "meer_fouten": max(0, len(resultaat.fouten) - MAX_FOUTEN_GETOOND),
        "bestand": bestand,
    }


def _eigen_bestand(request, pk) -> ImportBestand:
    """Only the uploader, in the organisation and register they uploaded for, still holding that role."""
    bestand = get_object_or_404(ImportBestand, pk=pk, gebruiker=request.user, organisatie=request.organisatie)
    if bestand.register not in registers_van(request):
        raise PermissionDenied
    if timezone.now() - bestand.aangemaakt_op > BEWAARTIJD_UPLOAD:
        bestand.verwijder()
        raise PermissionDenied
    return bestand


@require_GET
@role_required(*ROLLEN)
def controle_view(request, pk):
    bestand = _eigen_bestand(request, pk)
    resultaat = importeren.valideer(
        bestand.inhoud(), organisatie=request.organisatie, register=bestand.register,
        bestandsnaam=bestand.bestandsnaam, eigenaar=_eigenaar(request, bestand.register),
    )
    return render(request, "uitwisseling/resultaat.html",
                  _resultaat_context(resultaat, bestand.register, bestand.bestandsnaam, bestand))


@require_POST
@role_required(*ROLLEN)
def bevestigen_view(request, pk):
    bestand = _eigen_bestand(request, pk)
    data = bestand.inhoud()
    if hashlib.sha256(data).hexdigest() != bestand.sha256:
        raise PermissionDenied
    resultaat = importeren.importeer(
        data, organisatie=request.organisatie, register=bestand.register, door=request.user,
        eigenaar=_eigenaar(request, bestand.register), bestandsnaam=bestand.bestandsnaam, request=request,
    )
    if not resultaat.ok:
        # The register changed since the check (or the lists did): show what is wrong now; nothing was written.
        return render(request, "uitwisseling/resultaat.html",
                      _resultaat_context(resultaat, bestand.register, bestand.bestandsnaam, bestand))
    bestand.verwijder()
    messages.success(request, _("Import voltooid: %(n)s aangemaakt, %(s)s overgeslagen (bestonden al).")
                     % {"n": resultaat.aangemaakt, "s": len(resultaat.overgeslagen)})
    return redirect("uitwisseling:index")


@require_GET
@role_required(*ROLLEN)
def exporteren_view(request):
    registers = registers_van(request)
    params = request.GET.copy()
    params.setdefault("register", registers[0])
    params.setdefault("formaat", "xlsx")
    if params["register"] not in registers:
        raise PermissionDenied
    form = ExportForm(params, registers=registers)
    if not form.is_valid():
        return render(request, "uitwisseling/index.html", {**_index_context(request), "export_form": form},
                      status=400)
    register, formaat, jaar = (form.cleaned_data[k] for k in ("register", "formaat", "jaar"))
    data, _rijen = exporteren.exporteer(
        organisatie=request.organisatie, register=register, formaat=formaat, gebruiker=request.user, jaar=jaar,
        filters=exporteren.lees_filters(register, request.GET, request.organisatie), request=request,
    )
    naam = f"{register}-{request.organisatie.slug}{f'-{jaar}' if jaar else ''}.{formaat}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[formaat])
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
