"""The relying party: mozilla-django-oidc's backend, configured per organisation instead of from settings.

mozilla-django-oidc reads its configuration through `get_settings`; here that answers from the organisation's
`SsoKoppeling` (what mozilla-django-oidc-db does from its own tables). Its token exchange, JWKS look-up, signature
and nonce checks are used as they are. Added, because the library leaves them out: the ID token's issuer,
audience and authorised party must be ours, and the userinfo answer must be about the same subject.
"""

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import generate_code_challenge, import_from_settings

SCOPES = "openid email"
SIGN_ALGO = "RS256"  # what Entra ID, ADFS and Keycloak sign with by default
TIMEOUT_SECONDS = 10


def redirect_uri() -> str:
    """The one callback every provider is configured with (the beheer screen shows it)."""
    return settings.SITE_URL + reverse("accounts:sso_terug")


class Discovery(Exception):
    """The issuer's discovery document is unreachable or not for this issuer (message is Dutch)."""


def ontdek(issuer: str) -> dict:
    """The endpoints from `<issuer>/.well-known/openid-configuration`, checked against the issuer."""
    from django.utils.translation import gettext as _

    try:
        response = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError):
        raise Discovery(_("De identiteitsprovider is op dit adres niet bereikbaar of geeft geen OpenID-configuratie.")) from None
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise Discovery(_("De configuratie op dit adres hoort bij een andere issuer."))
    endpoints = {key: document.get(key) or "" for key in
                 ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")}
    if not (endpoints["authorization_endpoint"] and endpoints["token_endpoint"] and endpoints["jwks_uri"]):
        raise Discovery(_("De configuratie van de identiteitsprovider mist een verplicht adres."))
    return endpoints


def authorization_request(koppeling) -> tuple[str, dict]:
    """(URL to send the browser to, what the callback needs: state, nonce, PKCE verifier)."""
    from urllib.parse import urlencode

    state, nonce, verifier = get_random_string(32), get_random_string(32), get_random_string(64)
    params = {
        "response_type": "code", "scope": SCOPES, "client_id": koppeling.client_id, "redirect_uri": redirect_uri(),
        "state": state, "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"), "code_challenge_method": "S256",
    }
    return f"{koppeling.authorization_endpoint}?{urlencode(params)}", {
        "state": state, "nonce": nonce, "code_verifier": verifier,
    }


class KoppelingBackend(OIDCAuthenticationBackend):
    """Not in AUTHENTICATION_BACKENDS: only the SSO callback calls it, with the organisation's configuration."""

    def __init__(self, koppeling):
        self.koppeling = koppeling
        super().__init__()

    def get_settings(self, attr, *args):  # an instance method where the library has a staticmethod
        k = self.koppeling
        values = {
            "OIDC_OP_TOKEN_ENDPOINT": k.token_endpoint, "OIDC_OP_USER_ENDPOINT": k.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": k.jwks_uri, "OIDC_RP_CLIENT_ID": k.client_id,
            "OIDC_RP_CLIENT_SECRET": k.client_secret, "OIDC_RP_SIGN_ALGO": SIGN_ALGO,
            "OIDC_RP_IDP_SIGN_KEY": None, "OIDC_TOKEN_USE_BASIC_AUTH": True, "OIDC_TIMEOUT": TIMEOUT_SECONDS,
            "OIDC_USE_NONCE": True, "OIDC_VERIFY_SSL": True, "OIDC_CREATE_USER": False, "OIDC_RP_SCOPES": SCOPES,
            "OIDC_STORE_ACCESS_TOKEN": False, "OIDC_STORE_ID_TOKEN": False, "OIDC_ALLOW_UNSECURED_JWT": False,
        }
        if attr in values:
            return values[attr]
        return import_from_settings(attr, *args)

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)  # signature (JWKS), algorithm, expiry, nonce
        except (KeyError, TypeError, ValueError, jwt.PyJWTError) as exc:  # no kid, not a JWT, bad JWK, expired …
            raise SuspiciousOperation(f"ID token refused ({type(exc).__name__}).") from None
        if kwargs.get("nonce") is None:
            raise SuspiciousOperation("An ID token is only accepted with the nonce of this login.")
        if str(payload.get("iss", "")).rstrip("/") != self.koppeling.issuer.rstrip("/"):
            raise SuspiciousOperation("ID token issuer mismatch.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.koppeling.client_id not in audiences:
            raise SuspiciousOperation("ID token audience mismatch.")
        if (len(audiences) > 1 or "azp" in payload) and payload.get("azp") != self.koppeling.client_id:
            raise SuspiciousOperation("ID token authorised party mismatch.")
        return payload

    def claims(self, *, code: str, nonce: str, code_verifier: str) -> tuple[dict, dict]:
        """(verified ID token payload, userinfo) for an authorization code of this login."""
        try:
            token_info = self.get_token({
                "client_id": self.koppeling.client_id, "client_secret": self.koppeling.client_secret,
                "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri(),
                "code_verifier": code_verifier,
            })
        except requests.HTTPError as exc:
            # 400 is the provider refusing this code (used, expired, or not this session's PKCE verifier);
            # anything else (401: wrong client secret, 5xx) is the configuration or the provider.
            if exc.response is not None and exc.response.status_code == 400:
                raise SuspiciousOperation("The provider refused the authorization code.") from None
            raise
        id_token = token_info.get("id_token")
        if not id_token:
            raise SuspiciousOperation("No ID token in the token response.")
        payload = self.verify_token(id_token, nonce=nonce)
        userinfo = {}
        if self.koppeling.userinfo_endpoint and token_info.get("access_token"):
            userinfo = self.get_userinfo(token_info["access_token"], id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("Userinfo is about another subject than the ID token.")
        return payload, userinfo
