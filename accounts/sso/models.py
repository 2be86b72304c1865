from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from accounts.encryption import EncryptedTextField


def _words(value: str) -> list[str]:
    return [w.strip().lower() for w in value.replace(",", " ").split() if w.strip()]


class SsoKoppeling(models.Model):
    """One organisation's identity provider (Entra ID, ADFS, Keycloak …), set by its beheerder or the operator.

    It only ever logs in accounts that already hold an active role in this organisation, whose verified e-mail
    address is in one of `domeinen`; it never grants a role (docs/security.md, "Single sign-on").
    """

    organisatie = models.OneToOneField("accounts.Organisatie", on_delete=models.CASCADE, related_name="sso")
    actief = models.BooleanField(_("actief"), default=False)
    issuer = models.URLField(_("issuer"), max_length=300,
                             help_text=_("Het adres van de identiteitsprovider, zoals het in het ID-token staat."))
    client_id = models.CharField(_("client-id"), max_length=200)
    client_secret = EncryptedTextField(_("client-secret"))
    domeinen = models.CharField(
        _("e-maildomeinen"), max_length=500,
        help_text=_("Alleen accounts met een e-mailadres in deze domeinen loggen zo in, gescheiden door komma's."))
    mfa_amr = models.CharField(
        _("geaccepteerde amr-waarden"), max_length=300, blank=True,
        help_text=_("Bewijst het ID-token met een van deze amr-waarden (bijvoorbeeld mfa, otp, hwk) een tweede "
                    "factor, dan vraagt Vertrouwd er niet nog een. Leeg: altijd de eigen tweede factor."))
    mfa_acr = models.CharField(
        _("geaccepteerde acr-waarden"), max_length=300, blank=True,
        help_text=_("Idem voor het acr-niveau van de aanmelding (bijvoorbeeld een LoA-waarde van uw provider)."))
    email_altijd_geverifieerd = models.BooleanField(
        _("provider beheert de domeinen zelf"), default=False,
        help_text=_("Aanzetten alleen als de provider geen email_verified meestuurt maar de adressen in deze "
                    "domeinen zelf uitgeeft (zoals Entra ID voor de eigen tenant)."))
    # From the provider's discovery document, refreshed whenever the configuration is saved.
    authorization_endpoint = models.URLField(max_length=300, blank=True)
    token_endpoint = models.URLField(max_length=300, blank=True)
    userinfo_endpoint = models.URLField(max_length=300, blank=True)
    jwks_uri = models.URLField(max_length=300, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inloggen via identiteitsprovider")
        verbose_name_plural = _("inloggen via identiteitsprovider")

    def __str__(self) -> str:
        return f"SSO {self.organisatie}"

    @property
    def domein_lijst(self) -> list[str]:
        return _words(self.domeinen)

    @property
    def amr_lijst(self) -> list[str]:
        return _words(self.mfa_amr)

    @property
    def acr_lijst(self) -> list[str]:
        return [w.strip() for w in self.mfa_acr.replace(",", " ").split() if w.strip()]


class SsoTweedeFactor(Device):
    """A django-otp device that stands for "this organisation's IdP proved a second factor at login".

    django-otp counts a session as verified when it holds the persistent id of a confirmed device of the user
    (`django_otp.login`, OTPMiddleware). After an SSO login whose amr/acr claims prove MFA, the callback puts this
    device in the session, exactly as the TOTP step puts the TOTP device there. It accepts no token of any kind,
    so it can only ever be used by that callback, and it is no second factor the person can use themselves
    (accounts.twofactor.second_factors leaves it out).
    """

    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")

    class Meta(Device.Meta):
        verbose_name = _("tweede factor van de identiteitsprovider")
        constraints = [models.UniqueConstraint(fields=["user", "organisatie"], name="een_sso_factor_per_org")]

    def verify_token(self, token) -> bool:
        return False

    def verify_is_allowed(self):
        return False, {"reason": "sso"}
