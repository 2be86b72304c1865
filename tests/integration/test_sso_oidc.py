"""Staff single sign-on against a REAL OpenID provider: node's oidc-provider (tests/integration/oidc/provider.mjs,
installed from its package-lock.json by `make install`/`make test`), started on the loopback for this module.

The app talks to it as to Entra ID or Keycloak: discovery, authorization code flow with PKCE, state and nonce,
client authentication at the token endpoint, the ID token's signature checked against the provider's JWKS,
userinfo. Only the provider's login screen is reduced to a URL that says who logs in and which amr/acr the
provider's own login had.
"""

import base64
import json
import os
import secrets
import shutil
import subprocess
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.core.exceptions import SuspiciousOperation
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol, User
from accounts.services import lidmaatschap_toevoegen
from accounts.sso.models import SsoKoppeling, SsoTweedeFactor
from accounts.sso.oidc import KoppelingBackend
from accounts.sso.services import koppeling_opslaan
from accounts.sso.views import PENDING
from tests.browser import totp_code
from tests.integration.conftest import REPO, free_port, stop, wait_for_port

PROVIDER_DIR = REPO / "tests" / "integration" / "oidc"
SITE = "http://testserver"
CALLBACK = f"{SITE}/account/sso-terug/"
CLIENT_ID = "vertrouwd-test"
CLIENT_SECRET = secrets.token_urlsafe(24)  # synthetic, made for this run


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    node = shutil.which("node")
    if not node or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node or tests/integration/oidc/node_modules missing; `make install` installs them")
        pytest.skip("needs node and `make install` (npm ci in tests/integration/oidc)")
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("w")
    env = {"PATH": os.environ.get("PATH", ""), "PORT": str(port), "CLIENT_ID": CLIENT_ID,
           "CLIENT_SECRET": CLIENT_SECRET, "REDIRECT_URI": CALLBACK, "NODE_ENV": "test"}
    process = subprocess.Popen([node, "provider.mjs"], cwd=PROVIDER_DIR, env=env,  # noqa: S603 - fixed arguments
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


@pytest.fixture
def koppeling(provider, cast, settings):
    settings.SITE_URL = SITE
    settings.SSO_ALLOW_HTTP = True
    return koppeling_opslaan(organisatie=cast.org, actief=True, issuer=provider, client_id=CLIENT_ID,
                             client_secret=CLIENT_SECRET, domeinen="voorbeeldstad.test", mfa_amr="mfa, hwk",
                             mfa_acr="urn:test:loa:substantial")


def idp_login(provider: str, authorization_url: str, email: str, amr: str = "pwd", acr: str = "") -> str:
    """The browser at the provider: its login screen, then back. Returns the callback URL the provider sends."""
    idp = requests.Session()
    response = idp.get(authorization_url, allow_redirects=False, timeout=10)
    uid = response.headers["location"].rstrip("/").rsplit("/", 1)[-1]
    params = {"email": email, "amr": amr, **({"acr": acr} if acr else {})}
    response = idp.get(f"{provider}/interaction/{uid}/login", params=params, allow_redirects=False, timeout=10)
    for _ in range(5):
        location = response.headers["location"]
        if location.startswith(CALLBACK):
            return location
        response = idp.get(urljoin(provider, location), allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider never sent the browser back: {location}")


def start(client: Client, slug: str = "voorbeeldstad") -> str:
    response = client.get(f"/account/sso/{slug}/")
    assert response.status_code == 302
    return response["Location"]


def sso_login(provider, client, email, **claims):
    return client.get(idp_login(provider, start(client), email, **claims).removeprefix(SITE))


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_configuration_was_read_from_the_providers_discovery_document(koppeling, provider):
    assert koppeling.token_endpoint == f"{provider}/token" and koppeling.jwks_uri == f"{provider}/jwks"
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM accounts_ssokoppeling WHERE id = %s", [koppeling.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and CLIENT_SECRET not in stored


def test_login_with_mfa_proven_by_amr_needs_no_local_second_factor(koppeling, provider, cast):
    client = Client()
    response = sso_login(provider, client, cast.coordinator.email, amr="pwd,mfa")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/meldingen/").status_code == 200  # verified: no detour through /account/verificatie/
    device = SsoTweedeFactor.objects.get(user=cast.coordinator)
    assert client.session["otp_device_id"] == device.persistent_id
    entry = AuditEntry.objects.filter(actie="sso_ingelogd").latest("id")
    assert (entry.gebruiker_id, entry.organisatie_id, entry.details) == (
        cast.coordinator.pk, cast.org.pk, {"tweede_factor": "idp"})


def test_an_accepted_acr_level_proves_mfa_and_another_level_does_not(koppeling, provider, cast):
    client = Client()
    sso_login(provider, client, cast.coordinator.email, amr="pwd", acr="urn:test:loa:substantial")
    assert client.get("/meldingen/").status_code == 200
    other = Client()
    sso_login(provider, other, cast.coordinator.email, amr="pwd", acr="urn:test:loa:low")
    assert other.get("/meldingen/")["Location"].startswith("/account/verificatie/")


def test_without_mfa_claims_the_local_second_factor_follows(koppeling, provider, cast):
    TOTPDevice.objects.create(user=cast.coordinator, name="app", confirmed=True)
    client = Client()
    response = sso_login(provider, client, cast.coordinator.email, amr="pwd")
    assert response.status_code == 302
    page = client.get("/meldingen/")
    assert page.status_code == 302 and page["Location"].startswith("/account/verificatie/?")
    assert not SsoTweedeFactor.objects.filter(user=cast.coordinator).exists()
    assert client.post("/account/verificatie/", {"token": totp_code(cast.coordinator)}).status_code == 302
    assert client.get("/meldingen/").status_code == 200
    assert AuditEntry.objects.filter(actie="sso_ingelogd", details__tweede_factor="lokaal").exists()


def test_an_account_without_a_second_factor_must_enrol_one_after_sso(koppeling, provider, cast):
    client = Client()
    sso_login(provider, client, cast.lezer.email, amr="pwd")
    assert client.get("/jaarverslag/")["Location"].startswith("/account/verificatie/instellen/")


def test_an_unknown_user_is_refused_in_dutch_and_no_account_or_role_is_made(koppeling, provider, cast):
    users, roles = User.objects.count(), Lidmaatschap.objects.count()
    client = Client()
    response = sso_login(provider, client, "nieuw@voorbeeldstad.test", amr="pwd,mfa")
    assert response.status_code == 302 and response["Location"] == "/account/inloggen/"
    assert "geen account met een rol" in messages_of(response)
    assert "_auth_user_id" not in client.session
    assert (User.objects.count(), Lidmaatschap.objects.count()) == (users, roles)
    entry = AuditEntry.objects.filter(actie="sso_geweigerd").latest("id")
    assert entry.details == {"reden": "onbekend"} and entry.gebruiker_id is None
    assert "nieuw@" not in json.dumps(entry.details) + entry.gebruiker_label


def test_a_revoked_role_is_not_restored_by_sso(koppeling, provider, cast):
    response = sso_login(provider, Client(), cast.ex_vp.email, amr="pwd,mfa")
    assert "geen account met een rol" in messages_of(response)
    assert not Lidmaatschap.objects.get(gebruiker=cast.ex_vp).actief


def test_accounts_outside_this_idp_keep_their_own_login(koppeling, provider, cast):
    # An external VP, and an account that also works for another organisation: one IdP must not guard the other.
    lidmaatschap_toevoegen(gebruiker=cast.vp, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON)
    for user in (cast.vp2, cast.vp):
        client = Client()
        response = sso_login(provider, client, user.email, amr="pwd,mfa")
        assert "wachtwoord en tweede factor" in messages_of(response), user.email
        assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actie="sso_geweigerd", details__reden="eigen_login").count() == 2


def test_an_address_outside_the_configured_domains_is_refused(koppeling, provider, cast):
    # The outsider's account exists, but works for Anderstad: Voorbeeldstad's IdP never logs it in.
    client = Client()
    response = sso_login(provider, client, cast.outsider.email, amr="pwd,mfa")
    assert "hoort niet bij de domeinen" in messages_of(response)
    assert "_auth_user_id" not in client.session


def test_an_unverified_email_address_is_refused(koppeling, provider, cast):
    lidmaatschap_toevoegen(gebruiker=User.objects.create_user("onbevestigd@voorbeeldstad.test"),
                           organisatie=cast.org, rol=Rol.RAPPORTAGELEZER)
    response = sso_login(provider, Client(), "onbevestigd@voorbeeldstad.test", amr="pwd,mfa")
    assert "niet als bevestigd" in messages_of(response)


def test_a_tampered_state_is_refused(koppeling, provider, cast):
    client = Client()
    callback = idp_login(provider, start(client), cast.coordinator.email, amr="pwd,mfa")
    response = client.get(callback.removeprefix(SITE).replace("state=", "state=x"))
    assert "verlopen of ongeldig" in messages_of(response)
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actie="sso_geweigerd", details__reden="state").exists()


def test_a_callback_works_once(koppeling, provider, cast):
    client = Client()
    callback = idp_login(provider, start(client), cast.coordinator.email, amr="pwd,mfa").removeprefix(SITE)
    assert client.get(callback)["Location"] == "/"
    thief = Client()
    start(thief)  # a session of its own, with a pending login of its own
    assert "verlopen of ongeldig" in messages_of(thief.get(callback))
    assert "_auth_user_id" not in thief.session


def test_a_code_injected_into_another_session_is_refused(koppeling, provider, cast):
    # The attacker obtains a code for the victim's login and replays it in their own session with their own state:
    # PKCE (and the nonce) bind the code to the session that started the login.
    victim, attacker = Client(), Client()
    stolen = parse_qs(urlsplit(idp_login(provider, start(victim), cast.coordinator.email, amr="pwd,mfa")).query)
    own_state = parse_qs(urlsplit(start(attacker)).query)["state"][0]
    response = attacker.get("/account/sso-terug/", {"code": stolen["code"][0], "state": own_state})
    assert response["Location"] == "/account/inloggen/"
    assert "_auth_user_id" not in attacker.session
    assert AuditEntry.objects.filter(actie="sso_geweigerd", details__reden="token_ongeldig").exists()


def _real_id_token(provider, cast) -> tuple[str, str]:
    """An ID token exactly as the provider issues it for a login started by the app, and that login's nonce."""
    client = Client()
    query = parse_qs(urlsplit(idp_login(provider, start(client), cast.coordinator.email, amr="pwd,mfa")).query)
    pending = client.session[PENDING][query["state"][0]]
    tokens = requests.post(f"{provider}/token", auth=(CLIENT_ID, CLIENT_SECRET), timeout=10, data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": CALLBACK,
        "code_verifier": pending["code_verifier"]}).json()
    return tokens["id_token"], pending["nonce"]


def test_the_id_token_signature_nonce_and_audience_are_checked(koppeling, provider, cast):
    id_token, nonce = _real_id_token(provider, cast)
    backend = KoppelingBackend(koppeling)
    assert backend.verify_token(id_token, nonce=nonce)["sub"] == cast.coordinator.email

    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = {**claims, "amr": ["mfa", "hwk"], "sub": "beheerder@voorbeeldstad.test"}
    tampered = ".".join([header, base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("="),
                         signature])
    unsigned = ".".join([base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip("="), payload, ""])
    for token, kwargs in ((tampered, {"nonce": nonce}), (unsigned, {"nonce": nonce}),
                          (id_token, {"nonce": "een-andere-nonce"}), (id_token, {})):
        with pytest.raises(SuspiciousOperation):
            backend.verify_token(token, **kwargs)
    koppeling.client_id = "een-andere-client"
    with pytest.raises(SuspiciousOperation, match="audience"):
        KoppelingBackend(koppeling).verify_token(id_token, nonce=nonce)


def test_a_provider_that_is_down_gives_a_dutch_message_not_a_traceback(koppeling, provider, cast):
    client = Client()
    callback = idp_login(provider, start(client), cast.coordinator.email, amr="pwd,mfa").removeprefix(SITE)
    SsoKoppeling.objects.filter(pk=koppeling.pk).update(token_endpoint=f"http://127.0.0.1:{free_port()}/token")
    response = client.get(callback)
    assert response.status_code == 302 and "werkt op dit moment niet" in messages_of(response)
    assert AuditEntry.objects.filter(actie="sso_geweigerd", details__reden="configuratie").exists()


def test_the_login_page_offers_the_organisations_idp(koppeling):
    page = Client().get("/account/inloggen/").content.decode()
    assert "Inloggen met Gemeente Voorbeeldstad" in page and 'href="/account/sso/voorbeeldstad/"' in page


def test_the_beheerder_configures_sso_against_the_provider(provider, cast, client_for, settings):
    settings.SSO_ALLOW_HTTP = True
    beheerder = client_for(cast.beheerder, cast.org)
    data = {"actief": "on", "issuer": provider, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "domeinen": "voorbeeldstad.test", "mfa_amr": "mfa"}
    assert beheerder.post("/beheer/inloggen-via-provider/", data).status_code == 302
    koppeling = SsoKoppeling.objects.get(organisatie=cast.org)
    assert koppeling.actief and koppeling.client_secret == CLIENT_SECRET
    page = beheerder.get("/beheer/inloggen-via-provider/").content.decode()
    assert CLIENT_SECRET not in page and "/account/sso-terug/" in page
    # Saving again without the secret keeps it; the audit entry names fields, never values.
    data.pop("client_secret")
    data["mfa_amr"] = "mfa, otp"
    assert beheerder.post("/beheer/inloggen-via-provider/", data).status_code == 302
    koppeling.refresh_from_db()
    assert koppeling.client_secret == CLIENT_SECRET and koppeling.amr_lijst == ["mfa", "otp"]
    entries = AuditEntry.objects.filter(actie="sso_koppeling_gewijzigd").order_by("id")
    assert [e.details["velden"] for e in entries][-1] == ["mfa_amr"]
    assert all(CLIENT_SECRET not in json.dumps(e.details) for e in entries)
    # An issuer that is not there: a Dutch error on the form, nothing saved.
    data["issuer"] = f"http://127.0.0.1:{free_port()}"
    response = beheerder.post("/beheer/inloggen-via-provider/", data)
    assert response.status_code == 200 and "niet bereikbaar" in response.content.decode()
    koppeling.refresh_from_db()
    assert koppeling.issuer == provider


def test_the_operator_command_configures_sso_with_the_secret_from_a_file(provider, cast, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.SSO_ALLOW_HTTP = True
    secret_file = tmp_path / "secret"
    secret_file.write_text(CLIENT_SECRET + "\n")
    out = StringIO()
    call_command("sso_koppelen", "--organisatie", "voorbeeldstad", "--issuer", provider, "--client-id", CLIENT_ID,
                 "--client-secret-file", str(secret_file), "--domeinen", "voorbeeldstad.test", "--amr", "mfa",
                 "--aan", stdout=out)
    koppeling = SsoKoppeling.objects.get(organisatie=cast.org)
    assert koppeling.actief and koppeling.client_secret == CLIENT_SECRET and koppeling.amr_lijst == ["mfa"]
    assert "/account/sso-terug/" in out.getvalue() and CLIENT_SECRET not in out.getvalue()
    call_command("sso_koppelen", "--organisatie", "voorbeeldstad", "--uit", stdout=StringIO())
    koppeling.refresh_from_db()
    assert not koppeling.actief and koppeling.client_secret == CLIENT_SECRET
