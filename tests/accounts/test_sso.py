"""Single sign-on rules that need no provider (the login itself: tests/integration/test_sso_oidc.py)."""

from django.test import Client
from django.urls import reverse

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol
from accounts.services import roluitnodiging_maken
from accounts.sso.models import SsoKoppeling, SsoTweedeFactor
from accounts.sso.services import mfa_bewezen
from accounts.sso.views import SSO_SESSION_KEY
from accounts.twofactor import has_second_factor, verify_second_factor


def _koppeling(cast, **fields) -> SsoKoppeling:
    return SsoKoppeling(organisatie=cast.org, issuer="https://idp.test", client_id="c", client_secret="s",
                        domeinen="voorbeeldstad.test", **fields)


def test_only_the_configured_amr_and_acr_values_prove_mfa(cast):
    koppeling = _koppeling(cast, mfa_amr="mfa, HWK", mfa_acr="urn:loa:hoog")
    assert mfa_bewezen(koppeling, {"amr": ["pwd", "hwk"]})
    assert mfa_bewezen(koppeling, {"amr": "mfa"})
    assert mfa_bewezen(koppeling, {"acr": "urn:loa:hoog"})
    assert not mfa_bewezen(koppeling, {"amr": ["pwd"], "acr": "urn:loa:laag"})
    assert not mfa_bewezen(koppeling, {})
    assert not mfa_bewezen(_koppeling(cast), {"amr": ["mfa"], "acr": "urn:loa:hoog"}), "empty config: never"


def test_the_idp_device_is_no_second_factor_anyone_can_use(cast):
    # An account that only ever passed MFA at the IdP has no local second factor: a password login must enrol one.
    device = SsoTweedeFactor.objects.create(user=cast.vp, organisatie=cast.org, name="SSO", confirmed=True)
    assert not has_second_factor(cast.vp)
    assert device.verify_token("123456") is False and verify_second_factor(cast.vp, "123456") is None
    half = Client()
    half.force_login(cast.vp, backend="django.contrib.auth.backends.ModelBackend")
    assert half.get("/vertrouwenspersoon/")["Location"].startswith(reverse("accounts:2fa_setup"))


def test_an_sso_session_cannot_take_on_a_role_of_another_organisation(cast, client_for):
    aanbod = roluitnodiging_maken(gebruiker=cast.outsider, organisatie=cast.org, rol=Rol.ONDERZOEKER)
    client = client_for(cast.outsider)
    session = client.session
    session[SSO_SESSION_KEY] = cast.other_org.pk
    session.save()
    response = client.post(reverse("accounts:roluitnodiging_accepteren", args=[aanbod.pk]))
    assert response.status_code == 302
    assert not Lidmaatschap.objects.filter(gebruiker=cast.outsider, organisatie=cast.org).exists()
    assert not AuditEntry.objects.filter(actie="rol_aanbod_geaccepteerd").exists()


def test_the_platform_admin_shows_no_sso_model(cast, client_for):
    operator = client_for(cast.operator)
    for path in ("/platformbeheer/accounts/ssokoppeling/", "/platformbeheer/accounts/ssotweedefactor/"):
        assert operator.get(path).status_code == 404, path


def test_an_unknown_or_inactive_organisation_has_no_sso_start(cast):
    koppeling = _koppeling(cast, actief=False, authorization_endpoint="https://idp.test/auth")
    koppeling.save()
    assert Client().get("/account/sso/voorbeeldstad/").status_code == 404
    assert Client().get("/account/sso/bestaat-niet/").status_code == 404
