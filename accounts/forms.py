from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
