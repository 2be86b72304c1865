"""The platform admin is no back door: no second-factor secrets, no password form, no roles, every write audited."""

import re

import pytest
from django.contrib.admin import site
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import AuditEntry, verify_chain
from accounts.models import Lidmaatschap, Rol
from accounts.platformbeheer import TOEGESTAAN, PlatformAdminSite
from accounts.services import herstel_token_generator, herstellink_versturen
from tests.conftest import PASSWORD


@pytest.fixture
def operator(cast, client_for):
    return client_for(cast.operator)


def _change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _change_data(user, **changes) -> dict:
    data = {"naam": user.naam, "taal": user.taal, "is_active": "on" if user.is_active else "",
            "lidmaatschappen-TOTAL_FORMS": "0", "lidmaatschappen-INITIAL_FORMS": "0"}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_only_accounts_organisations_and_lockouts_are_in_the_admin():
    registered = {model._meta.label_lower for model in site._registry}
    assert registered == set(TOEGESTAAN)
    assert TOTPDevice not in site._registry and StaticDevice not in site._registry


def test_a_second_factor_admin_registered_later_is_refused():
    # A plugin installed later (passkeys, e-mail codes) registers its device admin the same way.
    fresh = PlatformAdminSite(name="probe")
    fresh.register(TOTPDevice)
    fresh.register([StaticDevice])
    assert fresh._registry == {}


def test_passkey_models_are_refused_too(cast, client_for):
    # django-otp-webauthn's admin.py registers its credential and attestation admins on the default site.
    from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

    for model in (WebAuthnCredential, WebAuthnAttestation, WebAuthnUserHandle):
        assert model not in site._registry
    fresh = PlatformAdminSite(name="probe")
    fresh.register([WebAuthnCredential, WebAuthnAttestation, WebAuthnUserHandle])
    assert fresh._registry == {}
    operator = client_for(cast.operator)
    for path in ("/platformbeheer/django_otp_webauthn/webauthncredential/",
                 "/platformbeheer/django_otp_webauthn/webauthnattestation/",
                 "/platformbeheer/django_otp_webauthn/webauthnuserhandle/"):
        assert operator.get(path).status_code == 404, path


def test_the_operator_cannot_open_any_device_list(cast, operator, client_for):
    client_for(cast.vp)  # the VP has a confirmed device
    for path in ("/platformbeheer/otp_totp/totpdevice/", "/platformbeheer/otp_static/statictoken/",
                 "/platformbeheer/otp_static/staticdevice/", "/platformbeheer/auth/group/"):
        assert operator.get(path).status_code == 404, path
    secret = TOTPDevice.objects.filter(user=cast.vp).first().key
    assert secret not in operator.get(_change_url(cast.vp)).content.decode()


def test_the_user_admin_has_no_password_form(cast, operator):
    page = operator.get(_change_url(cast.vp)).content.decode()
    assert 'name="password' not in page and "/password/" not in page
    assert operator.get(f"/platformbeheer/accounts/user/{cast.vp.pk}/password/").status_code in (302, 404)
    assert operator.post(f"/platformbeheer/accounts/user/{cast.vp.pk}/password/",
                         {"password1": "nieuw-wachtwoord-123", "password2": "nieuw-wachtwoord-123"}
                         ).status_code in (302, 404)
    cast.vp.refresh_from_db()
    assert cast.vp.check_password(PASSWORD)
    assert operator.get(reverse("admin:password_change")).status_code == 404
    assert reverse("admin:password_change") not in operator.get(reverse("admin:index")).content.decode()


def test_the_email_address_cannot_be_changed_in_the_admin(cast, operator):
    # The address is where a one-time link goes: changing it would hand the account to whoever owns the new one.
    response = operator.post(_change_url(cast.vp), _change_data(cast.vp, email="operator@elders.test"))
    assert response.status_code == 302
    cast.vp.refresh_from_db()
    assert cast.vp.email == "vp@voorbeeldstad.test"


def test_memberships_are_shown_but_cannot_be_edited(cast, operator):
    page = operator.get(_change_url(cast.vp)).content.decode()
    assert "Gemeente Voorbeeldstad" in page and 'name="lidmaatschappen-0-rol"' not in page
    lid = Lidmaatschap.objects.get(gebruiker=cast.vp, organisatie=cast.org)
    # A forged inline form that would make the operator's target a coordinator changes nothing.
    operator.post(_change_url(cast.vp), _change_data(cast.vp, **{
        "lidmaatschappen-TOTAL_FORMS": "1", "lidmaatschappen-INITIAL_FORMS": "1",
        "lidmaatschappen-0-id": str(lid.pk), "lidmaatschappen-0-gebruiker": str(cast.vp.pk),
        "lidmaatschappen-0-organisatie": str(cast.org.pk), "lidmaatschappen-0-rol": Rol.COORDINATOR,
        "lidmaatschappen-0-actief": "on",
    }))
    assert list(Lidmaatschap.objects.filter(gebruiker=cast.vp).values_list("rol", flat=True)) == [
        Rol.VERTROUWENSPERSOON]
    # And the operator cannot give themself a role: the operator's own page has no inline form either.
    operator.post(_change_url(cast.operator), _change_data(cast.operator, is_staff="on", is_superuser="on", **{
        "lidmaatschappen-TOTAL_FORMS": "1", "lidmaatschappen-INITIAL_FORMS": "0",
        "lidmaatschappen-0-gebruiker": str(cast.operator.pk), "lidmaatschappen-0-organisatie": str(cast.org.pk),
        "lidmaatschappen-0-rol": Rol.COORDINATOR, "lidmaatschappen-0-actief": "on",
    }))
    assert not Lidmaatschap.objects.filter(gebruiker=cast.operator).exists()


def test_accounts_and_organisations_are_not_added_or_deleted_in_the_admin(cast, operator):
    assert operator.get(reverse("admin:accounts_user_add")).status_code == 403
    assert operator.get(reverse("admin:accounts_organisatie_add")).status_code == 403
    assert operator.post(reverse("admin:accounts_user_delete", args=[cast.vp.pk]), {"post": "yes"}).status_code == 403
    assert operator.post(reverse("admin:accounts_organisatie_delete", args=[cast.org.pk]),
                         {"post": "yes"}).status_code == 403


def test_every_admin_write_is_in_the_hash_chained_audit_log_with_the_operator_as_actor(cast, operator):
    before = AuditEntry.objects.count()
    assert operator.post(_change_url(cast.vp), _change_data(cast.vp, naam="Nieuwe Naam")).status_code == 302
    assert operator.post(reverse("admin:accounts_organisatie_change", args=[cast.org.pk]), {
        "naam": "Gemeente Voorbeeldstad", "indeling": "rijk", "minimum_celgrootte": "7",
        "onderdelen-TOTAL_FORMS": "0", "onderdelen-INITIAL_FORMS": "0",
    }).status_code == 302
    entries = list(AuditEntry.objects.filter(id__gt=0).order_by("id")[before:])
    gewijzigd = [e for e in entries if e.actie == "platformbeheer_gewijzigd"]
    assert {(e.objecttype, e.object_id) for e in gewijzigd} == {
        ("accounts.user", str(cast.vp.pk)), ("accounts.organisatie", str(cast.org.pk))}
    assert all(e.gebruiker_id == cast.operator.pk for e in gewijzigd)
    user_entry = next(e for e in gewijzigd if e.objecttype == "accounts.user")
    assert user_entry.details == {"via": "platformbeheer", "velden": ["naam"]}
    # The organisation's own beheerder sees what the operator did to one of its people.
    assert user_entry.organisatie_id == cast.org.pk
    org_entry = next(e for e in gewijzigd if e.objecttype == "accounts.organisatie")
    assert org_entry.details["velden"] == ["minimum_celgrootte"]
    assert verify_chain()[1] is None


def test_unlocking_an_account_through_the_admin_is_audited(cast, operator):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(username=cast.vp.email, ip_address="127.0.0.1", user_agent="x",
                                           failures_since_start=5)
    response = operator.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.filter(actie="platformbeheer_verwijderd").get()
    assert entry.gebruiker_id == cast.operator.pk and entry.objecttype == "axes.accessattempt"


def test_switching_an_account_off_in_the_admin_ends_its_sessions(cast, operator, client_for):
    vp = client_for(cast.vp)
    assert vp.get(reverse("accounts:profiel")).status_code == 200
    operator.post(_change_url(cast.vp), _change_data(cast.vp, is_active=""))
    cast.vp.refresh_from_db()
    assert not cast.vp.is_active
    assert vp.get(reverse("accounts:profiel")).status_code == 302


# --- The herstel-link: how the operator helps a locked-out person -----------------------------------------------


def _link_uit_mail() -> str:
    return re.search(r"https?://\S+/account/herstel/\S+/", mail.outbox[-1].body).group(0)


def test_the_operator_sends_a_herstel_link_to_the_persons_own_address_only(cast, operator, client_for):
    client_for(cast.vp)  # a confirmed device
    response = operator.post(reverse("admin:accounts_user_changelist"), {
        "action": "herstellink_versturen", "_selected_action": [str(cast.vp.pk)]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.vp.email]
    assert "platformbeheerder" in mail.outbox[0].body
    link = _link_uit_mail()
    # The operator's pages never show the link.
    assert link.split("/account/")[1] not in operator.get(reverse("admin:accounts_user_changelist")).content.decode()
    entry = AuditEntry.objects.filter(actie="herstellink_verstuurd").get()
    assert entry.gebruiker_id == cast.operator.pk and entry.organisatie_id == cast.org.pk
    # Sending the link changes nothing yet: the password and the device still work.
    cast.vp.refresh_from_db()
    assert cast.vp.check_password(PASSWORD) and TOTPDevice.objects.filter(user=cast.vp).exists()


def test_using_the_herstel_link_sets_a_new_password_and_wipes_the_second_factor(cast, client_for):
    old_session = client_for(cast.vp)
    herstellink_versturen(gebruiker=cast.vp, door=cast.operator)
    link = _link_uit_mail()
    browser = Client()
    form_url = browser.get(link)["Location"]  # Django moves the token out of the URL into the session first
    response = browser.post(form_url, {"new_password1": "een-heel-nieuw-wachtwoord-9",
                                       "new_password2": "een-heel-nieuw-wachtwoord-9"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:2fa_setup")
    cast.vp.refresh_from_db()
    assert cast.vp.check_password("een-heel-nieuw-wachtwoord-9")
    assert not TOTPDevice.objects.filter(user=cast.vp).exists()
    assert not StaticDevice.objects.filter(user=cast.vp).exists()
    assert old_session.get(reverse("accounts:profiel")).status_code == 302  # other sessions ended
    assert browser.get(reverse("accounts:profiel"))["Location"].startswith(reverse("accounts:2fa_setup"))
    assert AuditEntry.objects.filter(actie="account_hersteld", gebruiker_id=cast.vp.pk).exists()
    # The link works once.
    assert "werkt niet meer" in Client().get(link, follow=True).content.decode()


def test_an_invitation_link_is_no_herstel_link_and_back(cast, client_for):
    client_for(cast.vp)
    uid = urlsafe_base64_encode(force_bytes(cast.vp.pk))
    invitation_token = default_token_generator.make_token(cast.vp)
    page = Client().get(reverse("accounts:herstel", args=[uid, invitation_token]), follow=True).content.decode()
    assert "werkt niet meer" in page
    herstel_token = herstel_token_generator.make_token(cast.vp)
    page = Client().get(reverse("accounts:uitnodiging", args=[uid, herstel_token]), follow=True).content.decode()
    assert "werkt niet meer" in page
    assert TOTPDevice.objects.filter(user=cast.vp).exists()


def test_a_switched_off_account_gets_no_herstel_link(cast, operator):
    cast.vp.is_active = False
    cast.vp.save()
    operator.post(reverse("admin:accounts_user_changelist"), {
        "action": "herstellink_versturen", "_selected_action": [str(cast.vp.pk)]})
    assert mail.outbox == []


def test_nobody_but_staff_reaches_the_admin(cast, client_for):
    for role, user in cast.roles().items():
        if role == "operator":
            continue
        response = client_for(user).get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), role
