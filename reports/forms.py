from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import ModelMultipleChoiceField
from accounts.models import Lidmaatschap, Rol, User
from reports.models import Jaarverslag, Rapportinstelling, Reikwijdte

MARKDOWN_HULP = _(
    "Platte tekst of Markdown (**vet**, *cursief*, lijstjes met een streepje). Links en afbeeldingen worden "
    "verwijderd. Noem geen namen of details waarmee iemand herkenbaar is: dit verslag wordt gedeeld."
)


class NieuwJaarverslagForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)
    reikwijdte = forms.ChoiceField(
        label=_("Waarover gaat het verslag?"), choices=Reikwijdte.choices, initial=Reikwijdte.ALLES, required=False,
        help_text=_("Veel gemeenten stellen een apart verslag vast voor de interne en de externe "
                    "vertrouwenspersonen en voor de meldingen integriteit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        huidig = timezone.localdate().year
        self.fields["jaar"].choices = [(j, str(j)) for j in range(huidig, huidig - 6, -1)]
        self.fields["jaar"].initial = huidig - 1
        self.fields["reikwijdte"].widget.choices = Reikwijdte.choices  # no empty option: "alles" is the default
        self.helper = FormHelper()
        self.helper.form_tag = False


    def clean_reikwijdte(self) -> str:
        # Left out (an older form, a script): the report of everything, as before scopes existed.
        return self.cleaned_data["reikwijdte"] or Reikwijdte.ALLES


class NarratiefForm(forms.ModelForm):
    class Meta:
        model = Jaarverslag
        fields = ["samenvatting", "voorwoord", "ontwikkelingen", "preventie", "aanbevelingen", "opvolging"]
        widgets = {veld: forms.Textarea(attrs={"rows": 8}) for veld in fields}
        help_texts = {veld: MARKDOWN_HULP for veld in fields}
        help_texts["samenvatting"] = format_lazy("{} {}", Jaarverslag._meta.get_field("samenvatting").help_text,
                                                 MARKDOWN_HULP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DelenForm(forms.Form):
    lezers = ModelMultipleChoiceField(
        label=_("Rapportagelezers die dit concept mogen lezen"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Lidmaatschap.objects.actief().filter(organisatie=organisatie, rol=Rol.RAPPORTAGELEZER).values(
            "gebruiker_id")
        self.fields["lezers"].queryset = User.objects.filter(pk__in=ids).order_by("naam", "email")
        self.helper = FormHelper()
        self.helper.form_tag = False


class RapportinstellingForm(forms.ModelForm):
    class Meta:
        model = Rapportinstelling
        fields = ["vaststellen_door"]
        widgets = {"vaststellen_door": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
