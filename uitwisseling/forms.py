"""Forms of the import/export page. The register offered depends on the user's roles (see views.registers_van)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from uitwisseling.columns import ACTIVITEITEN, GESPREKKEN, MELDINGEN, SIGNALEN, VERTROUWENSPERSONEN

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TE_GROOT = _("Het bestand is groter dan 10 MB. Splits het, bijvoorbeeld per jaar.")
REGISTER_NAMEN = {
    MELDINGEN: _("Meldingenregister integriteit en ongewenst gedrag"),
    VERTROUWENSPERSONEN: _("Mijn VP-dossiers"),
    GESPREKKEN: _("Gesprekken bij mijn dossiers"),
    ACTIVITEITEN: _("Mijn activiteiten (voorlichting, trainingen, spreekuren …)"),
    SIGNALEN: _("Mijn signalen en adviezen aan de organisatie"),
}
FORMAAT_KEUZES = [("xlsx", _("Excel (XLSX)")), ("csv", _("CSV (puntkomma, UTF-8)"))]


def _register_keuzes(registers):
    return [(r, REGISTER_NAMEN[r]) for r in registers]


class UploadForm(forms.Form):
    register = forms.ChoiceField(label=_("Wat staat er in het bestand?"),
                                 error_messages={"required": _("Kies wat er in het bestand staat.")})
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("CSV (UTF-8, komma of puntkomma) of XLSX, hoogstens 10 MB. De eerste regel bevat de kolomnamen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, registers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = _register_keuzes(registers)
        self._enig_register = registers[0] if len(registers) == 1 else None
        if self._enig_register:
            self.fields["register"].initial = self._enig_register
            self.fields["register"].required = False
            self.fields["register"].widget = forms.HiddenInput()

    def clean_register(self):
        return self.cleaned_data.get("register") or self._enig_register

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TE_GROOT)
        if bestand.size == 0:
            raise forms.ValidationError(_("Het bestand is leeg."))
        return bestand


class ExportForm(forms.Form):
    register = forms.ChoiceField(label=_("Register"))
    formaat = forms.ChoiceField(label=_("Formaat"), choices=FORMAAT_KEUZES, initial="xlsx")
    jaar = forms.IntegerField(label=_("Jaar"), required=False, min_value=1980, max_value=2100,
                              help_text=_("Leeg: alle jaren."))

    def __init__(self, *args, registers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = _register_keuzes(registers)
        self.fields["register"].initial = registers[0]
        if len(registers) == 1:
            self.fields["register"].widget = forms.HiddenInput()
