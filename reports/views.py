"""Thin views: load through reports.access, then form -> service -> redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.models import Rol
from accounts.pagination import paginate
from reports import services
from reports.access import AUTEURS, LEZERS, get_jaarverslag_for, is_auteur, jaarverslagen_visible_to
from reports.forms import DelenForm, NarratiefForm, NieuwJaarverslagForm, RapportinstellingForm
from reports.models import Formaat, GeneratieStatus, Rapportinstelling
from reports.render import html_context

TABEL_NAMEN = {
    "vertrouwenspersonen.per_organisatieonderdeel": _lazy("Vertrouwenspersonen: meldingen per organisatieonderdeel"),
    "vertrouwenspersonen.geslacht_per_organisatieonderdeel": _lazy("Vertrouwenspersonen: geslacht per organisatieonderdeel"),
    "integriteit.per_organisatieonderdeel": _lazy("Integriteit: meldingen per organisatieonderdeel"),
    "integriteit.bijlage": _lazy("Bijlage: overzicht van de formele meldingen"),
}
BESTAND_VOLGORDE = {"pdf": 0, "docx": 1, "xlsx": 2, "json": 3}


def _fout(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@role_required(*LEZERS)
def lijst(request):
    qs = jaarverslagen_visible_to(request.user, request.organisatie).order_by("-jaar", "-versie")
    context = paginate(request, qs)
    context.update({
        "is_auteur": is_auteur(request),
        "form": NieuwJaarverslagForm() if is_auteur(request) else None,
        "standaard_jaar": services.standaard_jaar(),
    })
    return render(request, "reports/lijst.html", context)


@require_POST
@role_required(*AUTEURS)
def nieuw(request):
    form = NieuwJaarverslagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een jaar en waarover het nieuwe jaarverslag gaat."))
        return redirect("reports:lijst")
    try:
        jaarverslag = services.jaarverslag_create(organisatie=request.organisatie, jaar=form.cleaned_data["jaar"],
                                                  reikwijdte=form.cleaned_data["reikwijdte"], door=request.user,
                                                  request=request)
    except ValidationError as exc:
        _fout(request, exc)
        return redirect("reports:lijst")
    messages.success(request, _("Het concept is aangemaakt. Genereer de cijfers en schrijf de toelichting."))
    return redirect("reports:detail", pk=jaarverslag.pk)


@role_required(*LEZERS)
def detail(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk)
    auteur = is_auteur(request)
    if auteur:
        services.vastgelopen_opruimen(jaarverslag)
    generatie = jaarverslag.generaties.first() if auteur else None
    return render(request, "reports/detail.html", {
        "jaarverslag": jaarverslag,
        "is_auteur": auteur,
        "mag_vaststellen": auteur and services.mag_vaststellen(request.user, jaarverslag.organisatie),
        "generatie": generatie,
        "bestanden": sorted(jaarverslag.bestanden.all(), key=lambda b: BESTAND_VOLGORDE.get(b.formaat, 9)),
        "versies": list(jaarverslagen_visible_to(request.user, request.organisatie)
                        .filter(jaar=jaarverslag.jaar, reikwijdte=jaarverslag.reikwijdte).exclude(pk=jaarverslag.pk)),
        "onderdrukt": [
            {**o, "tabel_naam": TABEL_NAMEN.get(o["tabel"], o["tabel"])}
            for o in ((jaarverslag.cijfers or {}).get("onderdrukt", []) if auteur else [])
        ],
        "gedeeld_met": list(jaarverslag.gedeeld_met.all()) if auteur else [],
    })


@role_required(*AUTEURS)
def bewerken(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    if not jaarverslag.is_concept:
        messages.error(request, _("Een vastgesteld jaarverslag kan niet meer worden gewijzigd. Maak een correctie."))
        return redirect("reports:detail", pk=pk)
    form = NarratiefForm(request.POST or None, instance=jaarverslag)
    if request.method == "POST" and form.is_valid():
        try:
            services.narratief_bijwerken(jaarverslag=jaarverslag, door=request.user, request=request,
                                         **{veld: form.cleaned_data[veld] for veld in NarratiefForm.Meta.fields})
        except ValidationError as exc:
            _fout(request, exc)
        else:
            messages.success(request, _("De tekst is opgeslagen. Genereer het verslag opnieuw om de bestanden bij te "
                                        "werken."))
            return redirect("reports:detail", pk=pk)
    return render(request, "reports/bewerken.html", {"jaarverslag": jaarverslag, "form": form})


@require_POST
@role_required(*AUTEURS)
def genereren(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    try:
        generatie = services.generatie_start(jaarverslag=jaarverslag, door=request.user, request=request)
    except ValidationError as exc:
        _fout(request, exc)
        return redirect("reports:detail", pk=pk)
    generatie.refresh_from_db()  # it may have failed already, e.g. with the broker unreachable
    if generatie.status == GeneratieStatus.MISLUKT:
        messages.error(request, _(generatie.foutmelding))
    else:
        messages.info(request, _("Het genereren is gestart. U kunt de voortgang hieronder volgen."))
    return redirect("reports:detail", pk=pk)


@role_required(*AUTEURS)
def status(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    services.vastgelopen_opruimen(jaarverslag)
    generatie = jaarverslag.generaties.first()
    if generatie is None:
        return JsonResponse({"status": "geen", "label": _("Nog niet gegenereerd"), "voortgang": 0, "klaar": True})
    return JsonResponse({
        "status": generatie.status,
        "label": generatie.get_status_display(),
        "voortgang": generatie.voortgang,
        "stap": generatie.stap,
        "foutmelding": _(generatie.foutmelding) if generatie.foutmelding else "",
        "klaar": not generatie.is_lopend,
        "gelukt": generatie.status == GeneratieStatus.KLAAR,
    })


@role_required(*LEZERS)
def voorbeeld(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk)
    if jaarverslag.cijfers is None:
        messages.info(request, _("Er zijn nog geen cijfers. Genereer het jaarverslag eerst."))
        return redirect("reports:detail", pk=pk)
    context = html_context(jaarverslag, jaarverslag.cijfers, for_pdf=False)
    return render(request, "reports/voorbeeld.html", context)


@role_required(*AUTEURS)
def vaststellen(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    if not services.mag_vaststellen(request.user, jaarverslag.organisatie):
        raise PermissionDenied
    if not jaarverslag.is_concept:
        messages.info(request, _("Dit jaarverslag is al vastgesteld."))
        return redirect("reports:detail", pk=pk)
    if request.method == "POST":
        try:
            services.jaarverslag_vaststellen(jaarverslag=jaarverslag, door=request.user, request=request)
        except ValidationError as exc:
            _fout(request, exc)
        else:
            messages.success(request, _("Het jaarverslag is vastgesteld. De definitieve bestanden worden gemaakt."))
            generatie = jaarverslag.generaties.first()
            if generatie is not None and generatie.status == GeneratieStatus.MISLUKT:
                messages.error(request, _(generatie.foutmelding))
        return redirect("reports:detail", pk=pk)
    return render(request, "reports/vaststellen.html", {"jaarverslag": jaarverslag})


@require_POST
@role_required(*AUTEURS)
def correctie(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    try:
        nieuw = services.jaarverslag_correctie(jaarverslag=jaarverslag, door=request.user, request=request)
    except ValidationError as exc:
        _fout(request, exc)
        return redirect("reports:detail", pk=pk)
    messages.success(request, _("Versie %(versie)s is aangemaakt als concept. De vastgestelde versie blijft "
                                "beschikbaar.") % {"versie": nieuw.versie})
    return redirect("reports:detail", pk=nieuw.pk)


@role_required(*AUTEURS)
def delen(request, pk: int):
    jaarverslag = get_jaarverslag_for(request, pk, schrijven=True)
    if not jaarverslag.is_concept:
        messages.info(request, _("Een vastgesteld jaarverslag is al zichtbaar voor alle rapportagelezers."))
        return redirect("reports:detail", pk=pk)
    form = DelenForm(request.POST or None, organisatie=jaarverslag.organisatie,
                     initial={"lezers": jaarverslag.gedeeld_met.all()})
    if request.method == "POST" and form.is_valid():
        try:
            services.jaarverslag_delen(jaarverslag=jaarverslag, lezers=list(form.cleaned_data["lezers"]),
                                       door=request.user, request=request)
        except ValidationError as exc:
            _fout(request, exc)
        else:
            messages.success(request, _("Het delen is bijgewerkt."))
            return redirect("reports:detail", pk=pk)
    return render(request, "reports/delen.html", {"jaarverslag": jaarverslag, "form": form})


@role_required(*LEZERS)
def download(request, pk: int, formaat: str):
    jaarverslag = get_jaarverslag_for(request, pk)
    if formaat not in Formaat.values:
        raise Http404
    bestand = jaarverslag.bestanden.filter(formaat=formaat).first()
    if bestand is None:
        raise Http404
    data = services.bestand_download(bestand=bestand, door=request.user, request=request)
    response = HttpResponse(data, content_type=bestand.content_type)
    response["Content-Disposition"] = f'attachment; filename="{bestand.bestandsnaam}"'
    return response


@role_required(Rol.COORDINATOR)
def instellingen(request):
    instelling = Rapportinstelling.objects.filter(organisatie=request.organisatie).first() or Rapportinstelling(
        organisatie=request.organisatie)
    form = RapportinstellingForm(request.POST or None, instance=instelling)
    if request.method == "POST" and form.is_valid():
        services.rapportinstelling_wijzigen(organisatie=request.organisatie,
                                            vaststellen_door=form.cleaned_data["vaststellen_door"],
                                            door=request.user, request=request)
        messages.success(request, _("De instelling is opgeslagen."))
        return redirect("reports:lijst")
    return render(request, "reports/instellingen.html", {"form": form, "annuleren": reverse("reports:lijst")})
