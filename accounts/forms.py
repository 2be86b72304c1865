import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# One text for a select's empty choice on every form (Django's default is "---------"): "— kies —" where a choice is
# required, "— niet vastgelegd —" where it may stay empty. Filters say "Alle".
KIES = _("— kies —")
NIET_VASTGELEGD = _("— niet vastgelegd —")
DJANGO_LEEG = "---------"


def jaarkeuzes(eerste: datetime.date | None) -> list[tuple]:
    """A year filter's choices: "Alle", then this year back to the first year with data (only this year when there
    is none yet), so a list never offers years that can only come up empty."""
    dit_jaar = timezone.localdate().year
    begin = min(eerste.year, dit_jaar) if eerste else dit_jaar
    return [("", _("Alle")), *[(jaar, str(jaar)) for jaar in range(dit_jaar, begin - 1, -1)]]


class LegeKeuzeMixin:
    """Replaces Django's "---------" empty choice of every select on the form by KIES or NIET_VASTGELEGD."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            tekst = KIES if field.required else NIET_VASTGELEGD
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_LEEG:
                    field.empty_label = tekst
            elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
                keuzes = list(field.choices)
                if keuzes and keuzes[0] == ("", DJANGO_LEEG):
                    field.choices = [("", tekst), *keuzes[1:]]


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    error_messages = {
        "invalid_login": _("Het e-mailadres of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is gedeactiveerd. Neem contact op met de functioneel beheerder."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw back-upcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class InstelTokenForm(TokenForm):
    """The code that confirms a new authenticator app. The back-up codes are made after this step, so the set-up
    page does not mention them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = _("De zescijferige code die uw authenticator-app nu toont.")


class ProfielForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["naam", "taal"]


def form_errors_from(form, exc) -> None:
    """Shows a service's ValidationError on the form: on the field it names, else above the form.

    Services validate (one place for each rule); views only show what they said, keeping what the user typed.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id beyond the database's integer range is an invalid choice, not a crash.

    Django checks each id by building a lookup, then runs one `id__in` query; a value such as 2**63 only fails
    there, with an OverflowError (SQLite) or DataError (PostgreSQL), so a tampered POST gave a 500.
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # not a number: the parent reports it as an invalid choice
            if too_large:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})
        return super()._check_values(value)
