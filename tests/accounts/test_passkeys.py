"""Passkeys (WebAuthn) as a second factor: who can enrol and use one, removal, and the resets that must cover them.
The browser ceremony itself (a virtual authenticator in chromium) is tests/e2e/test_passkey_journey.py."""

import json
import secrets

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.audit import AuditEntry
from accounts.services import account_herstellen, tweestapsverificatie_resetten


def make_passkey(user, name="Laptop") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user, name=name, confirmed=True, credential_id=secrets.token_bytes(32),
        public_key=secrets.token_bytes(77), aaguid="00000000-0000-0000-0000-000000000000",
    )


def _post_json(client, name, body=None):
    return client.post(reverse(name), json.dumps(body or {}), content_type="application/json")


def half_logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_stolen_password_cannot_add_a_passkey_to_an_account_with_a_second_factor(cast):
    TOTPDevice.objects.create(user=cast.vp, name="app", confirmed=True)
    client = half_logged_in(cast.vp)
    for name in ("accounts:passkey_registratie_begin", "accounts:passkey_registratie_voltooien"):
        response = _post_json(client, name)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:2fa_verify"))
    assert not WebAuthnCredential.objects.filter(user=cast.vp).exists()


def test_the_library_refuses_it_as_well_behind_our_middleware(cast, rf):
    # Defence in depth: django-otp-webauthn's own check, should the middleware ever let the request through.
    from django_otp.middleware import OTPMiddleware

    from accounts.passkeys import RegistratieBegin

    TOTPDevice.objects.create(user=cast.vp, name="app", confirmed=True)
    request = rf.post("/", data="{}", content_type="application/json")
    request.user, request.session = cast.vp, {}
    OTPMiddleware._init_user_fields(cast.vp)
    response = RegistratieBegin.as_view()(request)
    assert response.status_code == 403 and json.loads(response.content)["code"] == "user_not_verified"


def test_an_account_without_a_second_factor_may_enrol_a_passkey_as_its_first(cast):
    response = _post_json(half_logged_in(cast.vp), "accounts:passkey_registratie_begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "localhost" and options["challenge"]


def test_anonymous_visitors_cannot_start_a_passkey_login(db):
    # Passwordless login is off: the passkey is a second factor, never instead of the password.
    response = _post_json(Client(), "accounts:passkey_verificatie_begin")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_verification_offers_only_the_users_own_passkeys(cast):
    mine = make_passkey(cast.vp)
    make_passkey(cast.vp2)
    response = _post_json(half_logged_in(cast.vp), "accounts:passkey_verificatie_begin")
    assert response.status_code == 200
    offered = [c["id"] for c in response.json()["allowCredentials"]]
    assert len(offered) == 1
    import base64
    assert base64.urlsafe_b64decode(offered[0] + "==") == bytes(mine.credential_id)


def test_a_refused_passkey_verification_is_audited_and_leaves_the_session_unverified(cast):
    make_passkey(cast.vp)
    client = half_logged_in(cast.vp)
    assert _post_json(client, "accounts:passkey_verificatie_begin").status_code == 200
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "clientExtensionResults": {},
              "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA"}}
    response = _post_json(client, "accounts:passkey_verificatie_voltooien", forged)
    assert response.status_code >= 400
    assert AuditEntry.objects.filter(actie="2fa_mislukt", gebruiker_id=cast.vp.pk).exists()
    assert client.get(reverse("accounts:profiel"))["Location"].startswith(reverse("accounts:2fa_verify"))


def test_the_verification_page_offers_a_passkey_only_to_who_has_one(cast):
    TOTPDevice.objects.create(user=cast.vp, name="app", confirmed=True)
    client = half_logged_in(cast.vp)
    assert "data-passkey=" not in client.get(reverse("accounts:2fa_verify")).content.decode()
    make_passkey(cast.vp)
    page = client.get(reverse("accounts:2fa_verify")).content.decode()
    assert 'data-passkey="verifieren"' in page and "js/passkey.js" in page


def test_removing_a_passkey_is_audited_and_refused_for_the_only_second_factor(cast, client_for):
    client = client_for(cast.vp)  # has a TOTP device
    first, second = make_passkey(cast.vp, "Laptop"), make_passkey(cast.vp, "Sleutel")
    assert client.post(reverse("accounts:passkey_verwijderen", args=[first.pk])).status_code == 302
    assert AuditEntry.objects.filter(actie="2fa_passkey_verwijderd", object_id=str(first.pk)).exists()
    TOTPDevice.objects.filter(user=cast.vp).delete()
    client.post(reverse("accounts:passkey_verwijderen", args=[second.pk]))
    assert WebAuthnCredential.objects.filter(pk=second.pk).exists(), "the only second factor stays"


def test_nobody_removes_someone_elses_passkey(cast, client_for):
    theirs = make_passkey(cast.vp2)
    for user in (cast.vp, cast.beheerder, cast.operator):
        assert client_for(user).post(reverse("accounts:passkey_verwijderen", args=[theirs.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_the_beheerders_2fa_reset_removes_passkeys_too(cast):
    make_passkey(cast.vp)
    tweestapsverificatie_resetten(gebruiker=cast.vp, organisatie=cast.org, door=cast.beheerder)
    assert not WebAuthnCredential.objects.filter(user=cast.vp).exists()


def test_a_herstel_link_removes_passkeys_too(cast):
    make_passkey(cast.vp)
    account_herstellen(gebruiker=cast.vp)
    assert not WebAuthnCredential.objects.filter(user=cast.vp).exists()
