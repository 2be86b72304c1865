"""Writes and decisions of single sign-on. Audited with metadata only: never a token, a secret or a claim beyond
the id of the account it matched."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, User
from accounts.sso.models import SsoKoppeling, SsoTweedeFactor
from accounts.sso.oidc import Discovery, ontdek

DOMEIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
VELDEN = ("actief", "issuer", "client_id", "client_secret", "domeinen", "mfa_amr", "mfa_acr",
          "email_altijd_geverifieerd")


def _check_issuer(issuer: str) -> None:
    if not issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP:
        raise ValidationError({"issuer": _("Het adres van de identiteitsprovider moet met https:// beginnen.")})


def _check_domeinen(domeinen: list[str]) -> None:
    if not domeinen:
        raise ValidationError({"domeinen": _("Noem ten minste één e-maildomein.")})
    fout = [d for d in domeinen if not DOMEIN.match(d)]
    if fout:
        raise ValidationError({"domeinen": _("Geen geldig domein: %(domeinen)s") % {"domeinen": ", ".join(fout)}})


@transaction.atomic
def koppeling_opslaan(*, organisatie: Organisatie, door: User | None = None, request=None, **waarden) -> SsoKoppeling:
    """Creates or changes the organisation's IdP configuration; an empty `client_secret` keeps the stored one.

    The provider's discovery document is read again on every save, so the endpoints follow the issuer.
    """
    koppeling = SsoKoppeling.objects.select_for_update().filter(organisatie=organisatie).first()
    nieuw = koppeling is None
    koppeling = koppeling or SsoKoppeling(organisatie=organisatie)
    if not waarden.get("client_secret"):
        waarden.pop("client_secret", None)
    gewijzigd = [veld for veld in VELDEN if veld in waarden and getattr(koppeling, veld) != waarden[veld]]
    for veld, waarde in waarden.items():
        if veld not in VELDEN:
            raise TypeError(f"unknown field {veld}")
        setattr(koppeling, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    koppeling.domeinen = ", ".join(koppeling.domein_lijst)
    _check_issuer(koppeling.issuer)
    _check_domeinen(koppeling.domein_lijst)
    if not koppeling.client_secret:
        raise ValidationError({"client_secret": _("Vul het client-secret in.")})
    try:
        for veld, waarde in ontdek(koppeling.issuer).items():
            setattr(koppeling, veld, waarde)
    except Discovery as exc:
        raise ValidationError({"issuer": str(exc)}) from None
    koppeling.full_clean()
    koppeling.save()
    if nieuw or gewijzigd:
        # Field names only: the secret, the client id and the domains are configuration, not for the audit log.
        audit("sso_koppeling_gewijzigd", gebruiker=door, organisatie=organisatie, obj=koppeling, request=request,
              details={"velden": sorted(gewijzigd), "nieuw": nieuw, "actief": koppeling.actief})
    return koppeling


def actieve_koppelingen():
    return SsoKoppeling.objects.filter(actief=True).select_related("organisatie").order_by("organisatie__naam")


class SsoWeigering(Exception):
    """A refused SSO login: `reden` is for the audit log, the message for the person (Dutch)."""

    def __init__(self, reden: str, bericht: str, gebruiker: User | None = None):
        super().__init__(bericht)
        self.reden, self.bericht, self.gebruiker = reden, bericht, gebruiker


@dataclass
class SsoUitkomst:
    gebruiker: User
    mfa_door_idp: bool


def mfa_bewezen(koppeling: SsoKoppeling, id_token: dict) -> bool:
    """Only the ID token's own amr/acr claims count, and only values this organisation accepts."""
    amr = id_token.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    if set(map(str.lower, map(str, amr))) & set(koppeling.amr_lijst):
        return True
    return bool(id_token.get("acr")) and str(id_token["acr"]) in koppeling.acr_lijst


def beoordeel(*, koppeling: SsoKoppeling, id_token: dict, userinfo: dict) -> SsoUitkomst:
    """Who this login is, or SsoWeigering. Never creates an account and never grants or changes a role."""
    org = koppeling.organisatie.naam
    claims = {**id_token, **userinfo}
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SsoWeigering("geen_email", _("De identiteitsprovider heeft geen e-mailadres doorgegeven. Vraag uw "
                                           "functioneel beheerder de koppeling na te kijken."))
    if claims.get("email_verified") is not True and not koppeling.email_altijd_geverifieerd:
        raise SsoWeigering("email_niet_bevestigd", _("De identiteitsprovider heeft uw e-mailadres niet als "
                                                     "bevestigd doorgegeven. Log in met uw e-mailadres en wachtwoord."))
    if email.rsplit("@", 1)[1] not in koppeling.domein_lijst:
        raise SsoWeigering("ander_domein", _("Uw e-mailadres hoort niet bij de domeinen van %(org)s. Log in met uw "
                                             "e-mailadres en wachtwoord.") % {"org": org})
    gebruiker = User.objects.filter(email__iexact=email, is_active=True).first()
    rollen = Lidmaatschap.objects.actief().filter(gebruiker=gebruiker) if gebruiker else Lidmaatschap.objects.none()
    hier = [r for r in rollen if r.organisatie_id == koppeling.organisatie_id]
    if gebruiker is None or not hier:
        raise SsoWeigering("onbekend", _("Bij %(org)s is er geen account met een rol voor het e-mailadres waarmee u "
                                         "bij de identiteitsprovider bent ingelogd. Vraag de functioneel beheerder "
                                         "van %(org)s om een uitnodiging.") % {"org": org})
    # The IdP of one organisation guards only that organisation: an account that also works elsewhere, an external
    # VP (outside this IdP by definition) or a platform operator keeps its own password and second factor.
    if gebruiker.is_staff or gebruiker.is_superuser or any(r.extern for r in hier) or \
            any(r.organisatie_id != koppeling.organisatie_id for r in rollen):
        raise SsoWeigering("eigen_login", _("Uw account werkt niet alleen voor %(org)s. Log daarom in met uw "
                                            "e-mailadres, wachtwoord en tweede factor.") % {"org": org},
                           gebruiker=gebruiker)
    return SsoUitkomst(gebruiker=gebruiker, mfa_door_idp=mfa_bewezen(koppeling, id_token))


def weigering_vastleggen(*, koppeling: SsoKoppeling | None, reden: str, gebruiker: User | None = None,
                         request=None) -> None:
    audit("sso_geweigerd", gebruiker=gebruiker, organisatie=getattr(koppeling, "organisatie", None), request=request,
          objecttype="accounts.ssokoppeling" if koppeling else "", object_id=getattr(koppeling, "pk", ""),
          details={"reden": reden})


@transaction.atomic
def tweede_factor_van_idp(*, gebruiker: User, koppeling: SsoKoppeling) -> SsoTweedeFactor:
    device, _created = SsoTweedeFactor.objects.get_or_create(
        user=gebruiker, organisatie=koppeling.organisatie,
        defaults={"name": f"SSO {koppeling.organisatie.slug}", "confirmed": True},
    )
    return device


def ingelogd_vastleggen(*, uitkomst: SsoUitkomst, koppeling: SsoKoppeling, request=None) -> None:
    audit("sso_ingelogd", gebruiker=uitkomst.gebruiker, organisatie=koppeling.organisatie, obj=koppeling,
          request=request, details={"tweede_factor": "idp" if uitkomst.mfa_door_idp else "lokaal"})
