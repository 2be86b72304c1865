"""Coordinator screens: dashboard, list, create, detail with timeline, edits and status changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.encryption import zonder_vrije_tekst
from accounts.forms import form_errors_from
from accounts.kenmerken import zoek_kenmerk
from accounts.models import Rol
from accounts.pagination import paginate
from meldingen import services, termijnen, workflow
from meldingen.access import get_melding_for
from meldingen.forms import (
    BetrokkeneForm,
    FilterForm,
    LogboekForm,
    MaatregelForm,
    MeldingForm,
    OnderzoekstoegangForm,
    SpoorInstellingenForm,
    StatusForm,
    TermijnVoldaanForm,
    TrajectForm,
)
from meldingen.models import Betrokkene, InternTraject, Maatregel, Melding, Status, Termijn
from meldingen.selectors import meldingen_visible_to, onderzoekers_van, openstaande_termijnen

COORDINATOR = Rol.COORDINATOR


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _open_termijnen(qs):
    return openstaande_termijnen().filter(melding__in=qs)


@role_required(COORDINATOR)
def dashboard_view(request):
    visible = meldingen_visible_to(request.user, request.organisatie)
    today = termijnen.vandaag()
    grens = termijnen.binnenkort_grens(today)
    per_status = dict(visible.values_list("status").annotate(n=Count("id")).order_by())
    aandacht = list(
        _open_termijnen(visible).filter(uiterlijk_op__lte=grens).select_related("melding").order_by("uiterlijk_op")[:50]
    )
    context = {
        "per_status": [(value, label, per_status.get(value, 0)) for value, label in Status.choices],
        "totaal": sum(per_status.values()),
        "verlopen": [t for t in aandacht if t.uiterlijk_op < today],
        "binnenkort": [t for t in aandacht if t.uiterlijk_op >= today],
        "today": today,
    }
    return render(request, "meldingen/dashboard.html", context)


@role_required(COORDINATOR)
def lijst_view(request):
    visible = meldingen_visible_to(request.user, request.organisatie)
    today = termijnen.vandaag()
    eerste = visible.aggregate(eerste=Min("ontvangen_op"))["eerste"]
    form = FilterForm(request.GET or None, organisatie=request.organisatie, eerste_ontvangst=eerste)
    qs = zonder_vrije_tekst(visible.select_related("onderwerp", "onderdeel"))
    verlopen = Termijn.objects.filter(voldaan_op__isnull=True, uiterlijk_op__lt=today)
    if form.is_valid():
        data = form.cleaned_data
        qs = zoek_kenmerk(qs, data["kenmerk"])
        for name in ("status", "bron", "spoor", "onderwerp", "onderdeel", "jaar"):
            if data.get(name) not in (None, ""):
                qs = qs.filter(**{name: data[name]})
        if data.get("verlopen"):
            qs = qs.filter(Exists(verlopen.filter(melding=OuterRef("pk"))))
    elif "kenmerk" in form.errors:
        qs = qs.none()  # the form says what is wrong; a list that ignored the search would look like an answer
    context = {"form": form, "gezocht": form.is_valid() and form.cleaned_data["kenmerk"],
               **paginate(request, qs.order_by("-ontvangen_op", "-volgnummer"))}
    # "termijn verlopen" for the rows shown only: an annotation over the list made PostgreSQL hash every overdue
    # termijn of every organisation (issue "fast lists").
    rijen = list(context["page_obj"].object_list)
    met_verlopen = set(verlopen.filter(melding__in=rijen).values_list("melding_id", flat=True))
    for melding in rijen:
        melding.heeft_verlopen = melding.pk in met_verlopen
    context["page_obj"].object_list = rijen
    return render(request, "meldingen/lijst.html", context)


@role_required(COORDINATOR)
def nieuw_view(request):
    form = MeldingForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "versie"}
        try:
            melding = services.melding_create(organisatie=request.organisatie, door=request.user, request=request,
                                              **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Melding %(kenmerk)s is geregistreerd.") % {"kenmerk": melding.kenmerk})
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/melding_form.html", {"form": form, "melding": None})


@role_required(COORDINATOR)
def detail_view(request, pk: int):
    melding = get_melding_for(request, pk)
    context = {
        "melding": melding,
        "historie": melding.statuswijzigingen.select_related("door").order_by("tijdstip", "id"),
        "termijnen": melding.termijnen.order_by("uiterlijk_op"),
        "betrokkenen": melding.betrokkenen.select_related("bevinding").prefetch_related(
            Prefetch("maatregelen", queryset=Maatregel.objects.select_related("soort"))
        ),
        "onderzoeken": [(o, list(onderzoekers_van(o))) for o in melding.onderzoeken.all()],
        "trajecten": melding.trajecten.all(),
        "logboek": melding.logboek.select_related("door")[:50],
        "bijlagen": melding.bijlagen.select_related("feitenonderzoek"),
        "status_form": StatusForm(melding=melding) if workflow.allowed_targets(melding) else None,
        "logboek_form": LogboekForm(),
        "termijn_form": TermijnVoldaanForm(),
        "today": termijnen.vandaag(),
        "heeft_identiteit": bool(melding.melder_identiteit),
    }
    return render(request, "meldingen/detail.html", context)


@role_required(COORDINATOR)
def bewerken_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = MeldingForm(request.POST or None, instance=melding, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        versie = data.pop("versie")
        wissen = data.pop("identiteit_wissen", False)
        if wissen:
            data["melder_identiteit"] = ""
        elif not (data.get("melder_identiteit") or "").strip():
            data.pop("melder_identiteit")  # empty means: keep what is stored
        fresh = Melding.objects.get(pk=melding.pk)  # the form mutated the instance; compare against the stored row
        try:
            services.melding_update(melding=fresh, door=request.user, versie=versie, request=request, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/melding_form.html", {"form": form, "melding": melding})


@role_required(COORDINATOR)
def status_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = StatusForm(request.POST or None, melding=melding)
    if request.method == "POST" and form.is_valid():
        try:
            services.melding_change_status(
                melding=melding, naar=form.cleaned_data["naar"], reden=form.cleaned_data["reden"],
                versie=form.cleaned_data["versie"], door=request.user, request=request,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("De status is gewijzigd in “%(status)s”.") % {
                "status": melding.get_status_display()})
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/status.html", {"form": form, "melding": melding})


@require_POST
@role_required(COORDINATOR)
def identiteit_view(request, pk: int):
    """A separate, audited click; the identity is never part of any other page."""
    melding = get_melding_for(request, pk)
    identiteit = services.melder_identiteit_tonen(melding=melding, door=request.user, request=request)
    return render(request, "meldingen/identiteit.html", {"melding": melding, "identiteit": identiteit})


@require_POST
@role_required(COORDINATOR)
def termijn_voldaan_view(request, pk: int, termijn_pk: int):
    melding = get_melding_for(request, pk)
    termijn = get_object_or_404(Termijn, pk=termijn_pk, melding=melding)
    form = TermijnVoldaanForm(request.POST)
    if form.is_valid():
        try:
            services.termijn_voldaan(termijn=termijn, voldaan_op=form.cleaned_data["voldaan_op"], door=request.user,
                                     request=request)
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("De termijn is als voldaan vastgelegd."))
    else:
        messages.error(request, _("Vul een geldige datum in waarop aan de termijn is voldaan."))
    return redirect("meldingen:detail", pk=melding.pk)


@require_POST
@role_required(COORDINATOR)
def logboek_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = LogboekForm(request.POST)
    if form.is_valid():
        try:
            services.logboek_add(melding=melding, door=request.user, notitie=form.cleaned_data["notitie"],
                                 request=request)
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("De notitie is toegevoegd aan het logboek."))
    else:
        messages.error(request, _("Schrijf een notitie voordat u op toevoegen klikt."))
    return redirect("meldingen:detail", pk=melding.pk)


@role_required(COORDINATOR)
def betrokkene_nieuw_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = BetrokkeneForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            betrokkene = services.betrokkene_add(melding=melding, door=request.user, request=request,
                                                 **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Betrokkene %(p)s is toegevoegd.") % {"p": betrokkene.pseudoniem})
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding, "titel": _("Betrokkene toevoegen")})


@role_required(COORDINATOR)
def betrokkene_bewerken_view(request, pk: int, betrokkene_pk: int):
    melding = get_melding_for(request, pk)
    betrokkene = get_object_or_404(Betrokkene, pk=betrokkene_pk, melding=melding)
    original = Betrokkene.objects.get(pk=betrokkene.pk)
    form = BetrokkeneForm(request.POST or None, instance=betrokkene, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            services.betrokkene_update(betrokkene=original, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Betrokkene %(p)s is bijgewerkt.") % {"p": original.pseudoniem})
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding,
        "titel": _("Betrokkene %(p)s bewerken") % {"p": original.pseudoniem}})


@role_required(COORDINATOR)
def maatregel_nieuw_view(request, pk: int, betrokkene_pk: int):
    melding = get_melding_for(request, pk)
    betrokkene = get_object_or_404(Betrokkene, pk=betrokkene_pk, melding=melding)
    form = MaatregelForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid():
        try:
            services.maatregel_add(betrokkene=betrokkene, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("De maatregel is vastgelegd."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding,
        "titel": _("Maatregel voor %(p)s vastleggen") % {"p": betrokkene.pseudoniem}})


@role_required(COORDINATOR)
def traject_nieuw_view(request, pk: int):
    melding = get_melding_for(request, pk)
    form = TrajectForm(request.POST or None, initial={"startdatum": termijnen.vandaag()})
    if request.method == "POST" and form.is_valid():
        try:
            services.traject_create(melding=melding, door=request.user, request=request,
                                    startdatum=form.cleaned_data["startdatum"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het interne traject is vastgelegd."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding, "titel": _("Intern traject (bemiddeling) starten")})


@role_required(COORDINATOR)
def traject_bewerken_view(request, pk: int, traject_pk: int):
    melding = get_melding_for(request, pk)
    traject = get_object_or_404(InternTraject, pk=traject_pk, melding=melding)
    form = TrajectForm(request.POST or None, instance=traject)
    if request.method == "POST" and form.is_valid():
        try:
            services.traject_update(traject=InternTraject.objects.get(pk=traject.pk), door=request.user,
                                    request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Het interne traject is bijgewerkt."))
            return redirect("meldingen:detail", pk=melding.pk)
    return render(request, "meldingen/form_page.html", {
        "form": form, "melding": melding, "titel": _("Intern traject bijwerken")})


@role_required(COORDINATOR)
def instellingen_view(request):
    """Per spoor: are the Wbk deadlines tracked for new meldingen of this organisation?"""
    form = SpoorInstellingenForm(request.POST or None, organisatie=request.organisatie)
    toegang_form = OnderzoekstoegangForm(request.POST or None, organisatie=request.organisatie)
    if request.method == "POST" and form.is_valid() and toegang_form.is_valid():
        for spoor, aan in form.per_spoor().items():
            services.spoorinstelling_set(organisatie=request.organisatie, spoor=spoor, wbk_termijnen=aan,
                                         door=request.user, request=request)
        if (dagen := toegang_form.cleaned_data["onderzoekstoegang_dagen"]) is not None:  # empty: unchanged
            services.onderzoekstoegang_set(organisatie=request.organisatie, door=request.user, request=request,
                                           dagen=dagen)
        messages.success(request, _("De instellingen zijn opgeslagen. Ze gelden voor nieuwe meldingen."))
        return redirect("meldingen:instellingen")
    return render(request, "meldingen/instellingen.html", {"form": form, "toegang_form": toegang_form})
