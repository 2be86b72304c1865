from django import forms
from django.utils.translation import gettext_lazy as _

from bewaren.models import Register

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermijnenForm(forms.Form):
    # Field names are the register codes (bewaren.models.Register).
    vertrouwenspersonen = forms.IntegerField(label=_("VP-dossiers: maanden na afsluiten"), min_value=1, max_value=240)
    meldingen = forms.IntegerField(label=_("Formele meldingen: maanden na afhandeling"), min_value=1, max_value=240)
    activiteiten = forms.IntegerField(
        label=_("Omschrijving van activiteiten en signalen: maanden na de datum"), min_value=1, max_value=240,
        help_text=_("Alleen de vrije tekst wordt gewist; soort, datum, uren en deelnemers blijven voor het "
                    "jaarverslag. Deze termijn geldt direct voor alle activiteiten en signalen."),
    )

    REGISTERS = {register.value: register for register in Register}


class VerlengenForm(forms.Form):
    tot = forms.DateField(label=_("Bewaren tot en met"), widget=DATE)
    reden = forms.CharField(
        label=_("Reden van verlenging"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Schrijf hier geen namen of andere gegevens waarmee iemand herkenbaar is."),
    )
