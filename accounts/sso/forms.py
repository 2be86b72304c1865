from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.sso.models import SsoKoppeling

_FIELDS = ("actief", "issuer", "client_id", "domeinen", "mfa_amr", "mfa_acr", "email_altijd_geverifieerd")


class KoppelingForm(forms.Form):
    """The beheerder's SSO screen. The stored client secret is never sent back to the browser."""

    actief = forms.BooleanField(label=_("Inloggen via de identiteitsprovider aanbieden"), required=False)
    issuer = forms.URLField(assume_scheme="https", label=SsoKoppeling._meta.get_field("issuer").verbose_name.capitalize(),
                            help_text=SsoKoppeling._meta.get_field("issuer").help_text, max_length=300)
    client_id = forms.CharField(label=_("Client-id"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client-secret"), required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leeg laten om het opgeslagen secret te houden. Het wordt versleuteld bewaard."))
    domeinen = forms.CharField(label=_("E-maildomeinen"), max_length=500,
                               help_text=SsoKoppeling._meta.get_field("domeinen").help_text)
    mfa_amr = forms.CharField(label=_("Geaccepteerde amr-waarden"), max_length=300, required=False,
                              help_text=SsoKoppeling._meta.get_field("mfa_amr").help_text)
    mfa_acr = forms.CharField(label=_("Geaccepteerde acr-waarden"), max_length=300, required=False,
                              help_text=SsoKoppeling._meta.get_field("mfa_acr").help_text)
    email_altijd_geverifieerd = forms.BooleanField(
        label=_("De provider beheert deze domeinen zelf"), required=False,
        help_text=SsoKoppeling._meta.get_field("email_altijd_geverifieerd").help_text)

    def __init__(self, *args, koppeling: SsoKoppeling | None = None, **kwargs):
        if koppeling is not None:
            kwargs.setdefault("initial", {veld: getattr(koppeling, veld) for veld in _FIELDS})
        super().__init__(*args, **kwargs)
        if koppeling is None:
            self.fields["client_secret"].required = True
