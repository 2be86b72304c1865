"""Forms of the meldingenregister. Validation messages are plain Dutch; services re-validate on save."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import LegeKeuzeMixin, jaarkeuzes
from accounts.kenmerken import KenmerkZoekveld
from accounts.models import Lidmaatschap, Organisatieonderdeel, Rol, User
from meldingen import workflow
from meldingen.models import Betrokkene, Bron, Feitenonderzoek, InternTraject, Melding, Spoor, Status
from taxonomie.models import Categorie, Soort

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def categorieen(organisatie, soort, huidige=None):
    """Currently valid categories of the organisation, plus the one already chosen (it may be retired since)."""
    today = timezone.localdate()
    qs = Categorie.objects.van(organisatie, soort).geldig_op(today)
    if huidige is not None:
        qs = Categorie.objects.filter(pk__in=qs.values("pk")) | Categorie.objects.filter(pk=huidige.pk)
    return qs.order_by("volgorde", "label")


def onderdelen(organisatie, huidige=None):
    qs = Organisatieonderdeel.objects.filter(organisatie=organisatie).geldig_op(timezone.localdate())
    if huidige is not None:
        qs = Organisatieonderdeel.objects.filter(pk__in=qs.values("pk")) | Organisatieonderdeel.objects.filter(
            pk=huidige.pk
        )
    return qs.order_by("naam")


class VersieMixin(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput)


class MeldingForm(LegeKeuzeMixin, forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Melding
        fields = [
            "ontvangen_op", "kanaal", "bron", "spoor", "onderwerp", "onderdeel", "omschrijving",
            "melder_identiteit", "aangifte", "aangifte_op", "organisatorische_maatregelen", "beoordeling",
        ]
        widgets = {
            "ontvangen_op": DATE, "aangifte_op": DATE,
            "omschrijving": forms.Textarea(attrs={"rows": 6}),
            "melder_identiteit": forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
            "organisatorische_maatregelen": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "omschrijving": {"required": _("Beschrijf kort waar de melding over gaat.")},
            "onderwerp": {"required": _("Kies een onderwerp.")},
            "ontvangen_op": {"required": _("Vul de datum van ontvangst in."),
                             "invalid": _("Vul een geldige datum in.")},
        }

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        self.fields["onderwerp"].queryset = categorieen(
            organisatie, Soort.INTEGRITEIT_ONDERWERP, instance.onderwerp if instance else None
        )
        self.fields["onderdeel"].queryset = onderdelen(organisatie, instance.onderdeel if instance else None)
        if instance is None:
            self.fields["ontvangen_op"].initial = timezone.localdate()
            del self.fields["beoordeling"]
            del self.fields["organisatorische_maatregelen"]
        else:
            self.fields["versie"].required = True
            self.fields["versie"].initial = instance.versie
            # The identity is never pre-filled in a page; leaving the field empty keeps what is stored.
            self.fields["melder_identiteit"].initial = ""
            self.fields["melder_identiteit"].help_text = _(
                "Leeg laten om de opgeslagen identiteit te behouden. Vink hieronder aan om haar te wissen."
            )
            self.fields["identiteit_wissen"] = forms.BooleanField(
                label=_("Opgeslagen identiteit wissen"), required=False
            )
            self.initial["melder_identiteit"] = ""

    def clean_ontvangen_op(self):
        value = self.cleaned_data["ontvangen_op"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst ligt in de toekomst."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("aangifte_op") and not data.get("aangifte"):
            self.add_error("aangifte_op", _("Vink ook ‘aangifte gedaan’ aan, of laat de datum leeg."))
        return data

    def _post_clean(self):
        # Validation of the model happens in the service (it knows the organisation and the kenmerk).
        pass


class StatusForm(LegeKeuzeMixin, forms.Form):
    naar = forms.ChoiceField(label=_("Nieuwe status"))
    reden = forms.CharField(
        label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij afsluiten en heropenen."),
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, melding: Melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].choices = [(s, Status(s).label) for s in workflow.allowed_targets(melding)]
        self.fields["versie"].initial = melding.versie


class TermijnVoldaanForm(forms.Form):
    voldaan_op = forms.DateField(label=_("Voldaan op"), widget=DATE, initial=timezone.localdate,
                                 error_messages={"required": _("Vul de datum in.")})


class LogboekForm(forms.Form):
    notitie = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Schrijf een notitie.")})


class BetrokkeneForm(LegeKeuzeMixin, forms.ModelForm):
    class Meta:
        model = Betrokkene
        fields = ["functiecategorie", "bevinding"]

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        huidige = self.instance.bevinding if self.instance.pk else None
        self.fields["bevinding"].queryset = categorieen(organisatie, Soort.BEVINDING, huidige)

    def _post_clean(self):
        pass


class MaatregelForm(LegeKeuzeMixin, forms.Form):
    soort = forms.ModelChoiceField(label=_("Maatregel"), queryset=Categorie.objects.none(),
                                   error_messages={"required": _("Kies een maatregel.")})
    besloten_op = forms.DateField(label=_("Datum besluit"), widget=DATE, initial=timezone.localdate,
                                  error_messages={"required": _("Vul de datum van het besluit in.")})

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].queryset = categorieen(organisatie, Soort.MAATREGEL)


class OnderzoekForm(LegeKeuzeMixin, forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Feitenonderzoek
        fields = ["opdrachtgever", "uitvoering", "bureau", "startdatum", "geplande_einddatum", "einddatum",
                  "hoor_en_wederhoor", "conclusie"]
        widgets = {"startdatum": DATE, "geplande_einddatum": DATE, "einddatum": DATE,
                   "conclusie": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "opdrachtgever": {"required": _("Vul de opdrachtgever in (de verantwoordelijke directeur).")},
            "startdatum": {"required": _("Vul de startdatum in.")},
        }

    # Fields an assigned onderzoeker may change: the progress, not the assignment itself.
    VOORTGANG = ("geplande_einddatum", "einddatum", "hoor_en_wederhoor", "conclusie")

    def __init__(self, *args, alleen_voortgang: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["versie"].required = True
            self.fields["versie"].initial = self.instance.versie
        else:
            self.fields["startdatum"].initial = timezone.localdate()
            for name in ("einddatum", "hoor_en_wederhoor", "conclusie"):
                del self.fields[name]
        if alleen_voortgang:
            for name in list(self.fields):
                if name not in (*self.VOORTGANG, "versie"):
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("uitvoering") == "extern_bureau" and not (data.get("bureau") or "").strip():
            self.add_error("bureau", _("Vul de naam van het externe bureau in."))
        return data

    def _post_clean(self):
        pass


class ToewijzenForm(LegeKeuzeMixin, forms.Form):
    onderzoeker = forms.ModelChoiceField(label=_("Onderzoeker"), queryset=User.objects.none(),
                                         error_messages={"required": _("Kies een onderzoeker.")})

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Lidmaatschap.objects.actief().filter(organisatie=organisatie, rol=Rol.ONDERZOEKER).values(
            "gebruiker_id"
        )
        self.fields["onderzoeker"].queryset = User.objects.filter(pk__in=ids).order_by("naam", "email")


class TrajectForm(LegeKeuzeMixin, forms.ModelForm):
    class Meta:
        model = InternTraject
        fields = ["startdatum", "einddatum", "resultaat"]
        widgets = {"startdatum": DATE, "einddatum": DATE}
        error_messages = {"startdatum": {"required": _("Vul de startdatum in.")}}

    def _post_clean(self):
        pass


class BijlageForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"), help_text=_("Maximaal 20 MB. Toegestaan: pdf, docx, doc, odt, xlsx, txt, png, jpg."),
        error_messages={"required": _("Kies een bestand.")},
    )


class FilterForm(forms.Form):
    kenmerk = KenmerkZoekveld()
    status = forms.ChoiceField(label=_("Status"), required=False)
    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    onderwerp = forms.ModelChoiceField(label=_("Onderwerp"), required=False, queryset=Categorie.objects.none())
    onderdeel = forms.ModelChoiceField(label=_("Onderdeel"), required=False,
                                       queryset=Organisatieonderdeel.objects.none())
    bron = forms.ChoiceField(label=_("Bron"), required=False)
    spoor = forms.ChoiceField(label=_("Spoor"), required=False)
    verlopen = forms.BooleanField(label=_("Alleen met verlopen termijn"), required=False)

    def __init__(self, *args, organisatie, eerste_ontvangst: datetime.date | None, **kwargs):
        super().__init__(*args, **kwargs)
        alle = [("", _("Alle"))]
        self.fields["status"].choices = alle + list(Status.choices)
        self.fields["jaar"].choices = jaarkeuzes(eerste_ontvangst)
        self.fields["bron"].choices = alle + list(Bron.choices)
        self.fields["spoor"].choices = alle + list(Spoor.choices)
        self.fields["onderwerp"].queryset = Categorie.objects.van(organisatie, Soort.INTEGRITEIT_ONDERWERP)
        self.fields["onderwerp"].empty_label = _("Alle")
        self.fields["onderdeel"].queryset = Organisatieonderdeel.objects.filter(organisatie=organisatie)
        self.fields["onderdeel"].empty_label = _("Alle")


class SpoorInstellingenForm(forms.Form):
    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        from meldingen.termijnen import wbk_actief

        for value, label in Spoor.choices:
            self.fields[f"wbk_{value}"] = forms.BooleanField(
                label=label, required=False, initial=wbk_actief(organisatie, value),
            )

    def per_spoor(self) -> dict[str, bool]:
        return {value: self.cleaned_data[f"wbk_{value}"] for value in Spoor.values}


class OnderzoekstoegangForm(forms.Form):
    onderzoekstoegang_dagen = forms.IntegerField(
        label=_("Dagen dat een onderzoeker een afgerond onderzoek nog kan lezen"), min_value=0, max_value=365,
        required=False,
        help_text=_("Na de einddatum van het onderzoek of het afhandelen van de melding kan de onderzoeker het "
                    "onderzoek alleen nog lezen, en na dit aantal dagen niet meer. 0: alleen nog op de dag van afronding."),
        error_messages={"min_value": _("Vul een aantal dagen in (0 tot en met 365)."),
                        "max_value": _("Vul een aantal dagen in (0 tot en met 365).")},
    )

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        from meldingen.onderzoekstoegang import toegang_dagen

        self.fields["onderzoekstoegang_dagen"].initial = toegang_dagen(organisatie)


def today() -> datetime.date:
    return timezone.localdate()
