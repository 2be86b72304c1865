from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Rol
from accounts.services import herstel_token_generator, roluitnodiging_maken
from tests.matrix import EVERYONE, Case, allowed


def _passkey(user):
    from tests.accounts.test_passkeys import make_passkey

    make_passkey(user, "Tweede")  # so removing one is allowed
    return make_passkey(user)


def _sso(cast):
    from accounts.sso.models import SsoKoppeling

    # Stored directly: the matrix does not reach a provider (tests/integration/test_sso_oidc.py does).
    return SsoKoppeling.objects.create(
        organisatie=cast.org, actief=True, issuer="https://idp.voorbeeldstad.test", client_id="matrix",
        client_secret="matrix-secret", domeinen="voorbeeldstad.test",
        authorization_endpoint="https://idp.voorbeeldstad.test/auth", token_endpoint="https://idp.voorbeeldstad.test/token",
        jwks_uri="https://idp.voorbeeldstad.test/jwks")


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("accounts", "home", "set_language")


def cases(cast) -> dict[str, Case]:
    # Roles offered to the outsider (who works for the other organisation): only they may answer them.
    accepteren = roluitnodiging_maken(gebruiker=cast.outsider, organisatie=cast.org, rol=Rol.ONDERZOEKER)
    weigeren = roluitnodiging_maken(gebruiker=cast.outsider, organisatie=cast.org, rol=Rol.RAPPORTAGELEZER)
    return {
        "home": Case(allowed=EVERYONE),
        "set_language": Case(public=True, post_only=True, allowed=EVERYONE),
        "accounts:login": Case(public=True, allowed=EVERYONE),
        # Anonymous: off to the organisation's provider; logged in: back home. The callback refuses a request
        # without a pending login of this session (to the login page, or home when logged in).
        "accounts:sso_start": Case(public=True, allowed=EVERYONE, kwargs={"slug": _sso(cast).organisatie.slug}),
        "accounts:sso_terug": Case(public=True, allowed=EVERYONE),
        "accounts:logout": Case(post_only=True, before_2fa=True, allowed=EVERYONE),
        "accounts:logout_everywhere": Case(post_only=True, allowed=EVERYONE),
        "accounts:2fa_verify": Case(before_2fa=True, allowed=EVERYONE),
        "accounts:2fa_setup": Case(before_2fa=True, allowed=EVERYONE),
        "accounts:2fa_backup_codes": Case(post_only=True, allowed=EVERYONE),
        # Passkey ceremonies (JSON). Begin answers 200 with options; an empty completion is refused with 400.
        # Registration is refused (403) for an unverified account that has a second factor: hence not before_2fa.
        "accounts:passkey_registratie_begin": Case(post_only=True, allowed=EVERYONE, ok_status=(200,)),
        "accounts:passkey_registratie_voltooien": Case(post_only=True, allowed=EVERYONE, ok_status=(400,)),
        "accounts:passkey_verificatie_begin": Case(post_only=True, before_2fa=True, allowed=EVERYONE,
                                                   ok_status=(200,)),
        "accounts:passkey_verificatie_voltooien": Case(post_only=True, before_2fa=True, allowed=EVERYONE,
                                                       ok_status=(400,)),
        "accounts:passkey_ingesteld": Case(allowed=EVERYONE),
        # Only the owner removes a passkey; everyone else gets 404.
        "accounts:passkey_verwijderen": Case(post_only=True, allowed=allowed("vp"),
                                             kwargs={"pk": _passkey(cast.vp).pk}),
        "accounts:uitnodiging": Case(
            public=True,
            allowed=EVERYONE,
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(cast.vp.pk)),
                "token": default_token_generator.make_token(cast.vp),
            },
        ),
        "accounts:herstel": Case(
            public=True,
            allowed=EVERYONE,
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(cast.vp.pk)),
                "token": herstel_token_generator.make_token(cast.vp),
            },
        ),
        "accounts:wachtwoord": Case(allowed=EVERYONE),
        "accounts:roluitnodigingen": Case(allowed=EVERYONE),
        "accounts:roluitnodiging_accepteren": Case(
            post_only=True, allowed=allowed("outsider"), kwargs={"pk": accepteren.pk}),
        "accounts:roluitnodiging_weigeren": Case(
            post_only=True, allowed=allowed("outsider"), kwargs={"pk": weigeren.pk}),
        "accounts:switch_organisation": Case(post_only=True, allowed=EVERYONE),
        "accounts:organisatie_kiezen": Case(allowed=EVERYONE),
        "accounts:profiel": Case(allowed=EVERYONE),
    }
