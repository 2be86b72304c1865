"""Single sign-on for municipal staff with the organisation's identity provider (OpenID Connect), 2FA kept.

- models.py: the per-organisation configuration (`SsoKoppeling`, client secret encrypted) and the django-otp
  device that stands for "the IdP proved a second factor" (`SsoTweedeFactor`).
- oidc.py: the relying party on mozilla-django-oidc (code flow with PKCE, nonce, state; ID token signature, iss,
  aud, azp and expiry checked against the provider's JWKS).
- services.py: configuration changes and the login decision (who may be logged in, whether the IdP's MFA counts),
  audited with metadata only.
- views.py: start, callback, and the beheerder's configuration screen.
"""
