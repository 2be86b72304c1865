import datetime

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import KIES, NIET_VASTGELEGD, ModelMultipleChoiceField, jaarkeuzes
from accounts.kenmerken import KenmerkZoekveld
from accounts.models import Organisatie, Organisatieonderdeel, User
from taxonomie.models import Categorie
from vertrouwenspersonen import selectors
from vertrouwenspersonen.models import (
    GEEN_NAMEN,
    ActiviteitType,
    Dossier,
    Geslacht,
    Gespreksvorm,
    Hulpvraag,
    RelatieVeroorzaker,
    Resultaat,
    SignaalOntvanger,
    SoortContact,
    Status,
    Vervolg,
    Verwijzing,
    Verzuim,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _blank(choices, label=NIET_VASTGELEGD):
    return [("", label), *choices]


class OnderwerpField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Categorie) -> str:
        return str(obj)


# No made-up defaults: an untouched form saved a 60-minute fysiek conversation, so form and duration are asked.
KIES_VORM = _("Kies hoe het gesprek gevoerd is.")
VUL_DUUR_IN = _("Vul de duur van het gesprek in minuten in.")


def gespreksvorm_veld(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Vorm"), choices=Gespreksvorm.choices, widget=forms.RadioSelect,
                             error_messages={"required": KIES_VORM}, **kwargs)


def gespreksduur_veld(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("Duur in minuten"), min_value=1, max_value=600,
                              error_messages={"required": VUL_DUUR_IN}, **kwargs)


class DossierForm(forms.Form):
    """First contact in one screen; also used to edit a dossier."""

    eerste_contact = forms.DateField(label=_("Datum eerste contact"), widget=DateInput())
    soort_contact = forms.ChoiceField(
        label=_("Soort contact"),
        choices=SoortContact.choices,
        initial=SoortContact.MELDING,
        widget=forms.RadioSelect,
    )
    onderwerpen = OnderwerpField(
        label=_("Onderwerpen"),
        queryset=Categorie.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één of meer onderwerpen."),
        error_messages={"required": _("Kies ten minste één onderwerp.")},
    )
    onderdeel = forms.ModelChoiceField(
        label=_("Organisatieonderdeel van de melder (optioneel)"),
        queryset=Organisatieonderdeel.objects.none(),
        required=False,
        empty_label=NIET_VASTGELEGD,
        help_text=_("Laat leeg als u het onderdeel niet vastlegt, bijvoorbeeld omdat onderdeel en onderwerp samen in "
                    "een kleine organisatie iemand herkenbaar maken."),
    )
    geslacht = forms.ChoiceField(
        label=_("Geslacht van de melder (optioneel)"), choices=_blank(Geslacht.choices), required=False
    )
    relatie_veroorzaker = forms.ChoiceField(
        label=_("Relatie van de veroorzaker tot de melder (optioneel)"),
        choices=_blank(RelatieVeroorzaker.choices),
        required=False,
    )
    hulpvragen = forms.MultipleChoiceField(
        label=_("Soort hulpvraag"),
        choices=Hulpvraag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    verzuim = forms.ChoiceField(
        label=_("Verzuim bij eerste contact"),
        choices=Verzuim.choices,
        initial=Verzuim.ONBEKEND,
        widget=forms.RadioSelect,
    )
    verwijzingen = forms.MultipleChoiceField(
        label=_("Verwezen naar"),
        choices=Verwijzing.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vervolgen = forms.MultipleChoiceField(
        label=_("Vervolg dat plaatsvond"),
        choices=Vervolg.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    resultaat = forms.ChoiceField(
        label=_("Resultaat van de begeleiding"), choices=_blank(Resultaat.choices), required=False
    )
    notitie = forms.CharField(
        label=_("Notitie (alleen voor u, versleuteld opgeslagen)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=GEEN_NAMEN,
    )

    # The first contact usually is a conversation: on a new dossier it can be recorded in the same step.
    eerste_gesprek = forms.BooleanField(
        label=_("Het eerste contact was een gesprek: leg het ook vast"), required=False,
        help_text=_("Het gesprek krijgt de datum van het eerste contact. Latere gesprekken voegt u toe bij het dossier."),
    )
    gesprek_vorm = gespreksvorm_veld(required=False)
    gesprek_duur_minuten = gespreksduur_veld(required=False)

    def __init__(self, *args, organisatie: Organisatie, dossier: Dossier | None = None, **kwargs):
        if dossier is not None and "initial" not in kwargs:
            kwargs["initial"] = dossier_initial(dossier)
        super().__init__(*args, **kwargs)
        if dossier is None:
            self.fields["eerste_contact"].initial = timezone.localdate()
            onderwerp_ids, onderdeel_ids, datum = [], [], None
        else:
            for naam in ("eerste_gesprek", "gesprek_vorm", "gesprek_duur_minuten"):
                del self.fields[naam]
            onderwerp_ids = self.initial.get("onderwerpen", [])
            onderdeel_ids = [dossier.onderdeel_id]
            datum = dossier.eerste_contact
        self.fields["onderwerpen"].queryset = selectors.vp_onderwerpen(
            organisatie=organisatie, datum=datum, extra_ids=onderwerp_ids
        )
        self.fields["onderdeel"].queryset = selectors.onderdelen(
            organisatie=organisatie, datum=datum, extra_ids=onderdeel_ids
        )
        # One compact screen: what is known at the first contact on top, what follows later in its own group.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("eerste_contact", css_class="col-md-4"), Column("onderdeel", css_class="col-md-8")),
            InlineRadios("soort_contact"),
            InlineCheckboxes("onderwerpen"),
            Row(Column("geslacht", css_class="col-md-6"), Column("relatie_veroorzaker", css_class="col-md-6")),
            InlineCheckboxes("hulpvragen"),
            InlineRadios("verzuim"),
            *([Fieldset(_("Eerste gesprek"), "eerste_gesprek", Row(
                Column(InlineRadios("gesprek_vorm"), css_class="col-md-8"),
                Column("gesprek_duur_minuten", css_class="col-md-4")))] if dossier is None else []),
            Fieldset(
                _("Verloop en resultaat (vul aan wanneer bekend)"),
                InlineCheckboxes("verwijzingen"),
                InlineCheckboxes("vervolgen"),
                "resultaat",
            ),
            "notitie",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("eerste_gesprek"):
            if not cleaned.get("gesprek_vorm"):
                self.add_error("gesprek_vorm", KIES_VORM)
            if not cleaned.get("gesprek_duur_minuten") and "gesprek_duur_minuten" not in self.errors:
                self.add_error("gesprek_duur_minuten", VUL_DUUR_IN)
        return cleaned

    def eerste_gesprek_gegevens(self) -> dict | None:
        """The first gesprek to record with a new dossier, or None."""
        if not self.cleaned_data.get("eerste_gesprek"):
            return None
        return {"vorm": self.cleaned_data["gesprek_vorm"], "duur_minuten": self.cleaned_data["gesprek_duur_minuten"]}

    def clean_eerste_contact(self):
        datum = self.cleaned_data["eerste_contact"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van het eerste contact kan niet in de toekomst liggen."))
        if datum < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Vul een datum na 1 januari 2000 in."))
        return datum


def dossier_initial(dossier: Dossier) -> dict:
    return {
        "eerste_contact": dossier.eerste_contact,
        "soort_contact": dossier.soort_contact,
        "onderwerpen": [c.pk for c in dossier.onderwerpen.all()],
        "onderdeel": dossier.onderdeel_id,
        "geslacht": dossier.geslacht,
        "relatie_veroorzaker": dossier.relatie_veroorzaker,
        "hulpvragen": [k.waarde for k in dossier.hulpvragen.all()],
        "verzuim": dossier.verzuim,
        "verwijzingen": [k.waarde for k in dossier.verwijzingen.all()],
        "vervolgen": [k.waarde for k in dossier.vervolgen.all()],
        "resultaat": dossier.resultaat,
        "notitie": dossier.notitie,
    }


class AfsluitenForm(forms.Form):
    afgesloten_op = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    resultaat = forms.ChoiceField(
        label=_("Resultaat van de begeleiding"), choices=_blank(Resultaat.choices), required=False
    )

    def clean_afgesloten_op(self):
        datum = self.cleaned_data["afgesloten_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De afsluitdatum kan niet in de toekomst liggen."))
        return datum


class GesprekForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    vorm = gespreksvorm_veld()
    duur_minuten = gespreksduur_veld()
    notitie = forms.CharField(
        label=_("Notitie (alleen voor u, versleuteld opgeslagen)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=GEEN_NAMEN,
    )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een gesprek kan niet in de toekomst liggen."))
        return datum


class DelenForm(forms.Form):
    met = forms.ModelChoiceField(
        label=_("Delen met vertrouwenspersoon"),
        queryset=User.objects.none(),
        empty_label=KIES,
        error_messages={"required": _("Kies met wie u het dossier deelt.")},
    )
    geldig_tot = forms.DateField(
        label=_("Gedeeld tot en met"),
        widget=DateInput(),
        help_text=_("Na deze datum kan de ander het dossier niet meer openen."),
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].queryset = selectors.deelbare_vps(dossier=dossier)
        self.fields["geldig_tot"].initial = timezone.localdate() + datetime.timedelta(days=14)


class ActiviteitForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort activiteit"), choices=_blank(ActiviteitType.choices, KIES)
    )
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    uren = forms.DecimalField(label=_("Uren"), min_value=0.1, max_value=100, decimal_places=1, max_digits=5)
    deelnemers = forms.IntegerField(
        label=_("Aantal deelnemers (optioneel)"), min_value=0, max_value=100000, required=False
    )
    omschrijving = forms.CharField(
        label=_("Korte omschrijving (optioneel)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=GEEN_NAMEN,
    )


class SignaalForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput())
    aan = forms.ChoiceField(label=_("Gegeven aan"), choices=_blank(SignaalOntvanger.choices, KIES))
    thema = forms.CharField(
        label=_("Thema"),
        max_length=300,
        help_text=GEEN_NAMEN,
        widget=forms.TextInput(),
    )


class DossierFilterForm(forms.Form):
    """The list filters (GET). Invalid choices are ignored rather than shown as errors; a kenmerk too long to be one
    is shown as an error (and the list stays empty), since it is something the person typed."""

    kenmerk = KenmerkZoekveld(help_text=_("Het hele kenmerk of het begin ervan, bijvoorbeeld VP-2026-01."))
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Status.choices, _("Alle")), required=False)
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False, empty_value=None)
    soort_contact = forms.ChoiceField(
        label=_("Soort contact"), choices=_blank(SoortContact.choices, _("Alle")), required=False
    )
    onderwerp = forms.ModelChoiceField(
        label=_("Onderwerp"), queryset=Categorie.objects.none(), required=False, empty_label=_("Alle")
    )
    onderdeel = forms.ModelChoiceField(
        label=_("Onderdeel"),
        queryset=Organisatieonderdeel.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, organisatie: Organisatie, eerste_contact: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = jaarkeuzes(eerste_contact)
        self.fields["onderwerp"].queryset = (
            Categorie.objects.van(organisatie, "vp_onderwerp")
            .select_related("parent")
            .order_by("volgorde", "label")
        )
        self.fields["onderdeel"].queryset = Organisatieonderdeel.objects.filter(
            organisatie=organisatie
        ).order_by("naam")

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid value (e.g. `jaar=abc`) is simply left out."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}

    def keuzevelden(self):
        """The select boxes of the filter bar (the kenmerk search box is drawn on its own)."""
        return [veld for veld in self if veld.name != "kenmerk"]
