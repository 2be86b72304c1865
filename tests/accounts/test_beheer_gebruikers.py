"""Functioneel beheer: users and roles of the active organisation (list, invite, detail, actions)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol, Roluitnodiging, User
from accounts.services import lidmaatschap_toevoegen
from tests.conftest import make_user


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder)


def _audit_acties(org) -> list[str]:
    return list(AuditEntry.objects.filter(organisatie_id=org.pk).order_by("id").values_list("actie", flat=True))


def _link_uit_mail(message) -> str:
    match = re.search(r"https?://\S+/account/uitnodiging/\S+/", message.body)
    assert match, message.body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


# --- list -----------------------------------------------------------------------------------------------------


def test_list_shows_the_users_of_the_organisation_with_roles_and_2fa(cast, beheer):
    TOTPDevice.objects.create(user=cast.vp, name="app", confirmed=True)
    response = beheer.get(reverse("beheer:gebruikers"))
    assert response.status_code == 200
    html = response.content.decode()
    for user in (cast.vp, cast.vp2, cast.coordinator, cast.onderzoeker, cast.lezer, cast.beheerder):
        assert user.email in html
    assert cast.outsider.email not in html
    assert "Vertrouwenspersoon (extern)" in html and "Functioneel beheerder" in html
    assert "ingesteld" in html


def test_list_search_filters_by_name_or_email(cast, beheer):
    response = beheer.get(reverse("beheer:gebruikers"), {"q": "coordinator@"})
    html = response.content.decode()
    assert cast.coordinator.email in html and cast.vp.email not in html
    empty = beheer.get(reverse("beheer:gebruikers"), {"q": "bestaat-niet"})
    assert "Geen gebruikers gevonden" in empty.content.decode()


def _extra_users(org, start: int, stop: int) -> None:
    for i in range(start, stop):
        user = make_user(f"extra{i}@voorbeeldstad.test", org, Rol.RAPPORTAGELEZER)
        lidmaatschap_toevoegen(gebruiker=user, organisatie=org, rol=Rol.ONDERZOEKER)
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_list_query_count_is_constant(cast, beheer, django_assert_max_num_queries):
    url = reverse("beheer:gebruikers")
    _extra_users(cast.org, 0, 3)
    beheer.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as with_few_users:
        assert beheer.get(url).status_code == 200
    _extra_users(cast.org, 3, 20)
    with django_assert_max_num_queries(len(with_few_users.captured_queries)):
        response = beheer.get(url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 7 + 20  # the cast: 6 with a role here + ex_vp (revoked)


# --- invite ---------------------------------------------------------------------------------------------------


def test_invite_new_user_sends_a_working_one_time_link(cast, beheer, client):
    response = beheer.post(reverse("beheer:uitnodigen"), {
        "email": "Nieuw@Voorbeeldstad.test", "naam": "Nina Nieuw", "rol": Rol.COORDINATOR,
    })
    user = User.objects.get(email="nieuw@voorbeeldstad.test")
    assert response.status_code == 302 and response["Location"] == reverse("beheer:gebruiker", args=[user.pk])
    assert not user.has_usable_password() and user.naam == "Nina Nieuw"
    assert Lidmaatschap.objects.filter(gebruiker=user, organisatie=cast.org, rol=Rol.COORDINATOR, actief=True).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@voorbeeldstad.test"]
    assert "Gemeente Voorbeeldstad" in message.subject and "eenmalige" not in message.subject
    assert "wachtwoord" in message.body

    link = _link_uit_mail(message)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "Welkom bij Vertrouwd" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": "een-heel-nieuw-wachtwoord-77",
                                          "new_password2": "een-heel-nieuw-wachtwoord-77"})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:2fa_setup")
    user.refresh_from_db()
    assert user.has_usable_password()
    assert "gebruiker_aangemaakt" in _audit_acties(cast.org) and "uitnodiging_verstuurd" in _audit_acties(cast.org)
    # One-time: the same link does not work again.
    assert "Deze link werkt niet meer" in Client().get(link, follow=True).content.decode()


def test_invite_existing_user_with_password_only_adds_the_role(cast, beheer):
    response = beheer.post(reverse("beheer:uitnodigen"), {"email": cast.vp.email, "rol": Rol.ONDERZOEKER}, follow=True)
    assert Lidmaatschap.objects.filter(gebruiker=cast.vp, organisatie=cast.org, rol=Rol.ONDERZOEKER).exists()
    assert mail.outbox == []
    assert "heeft al een account" in response.content.decode()


def test_invite_user_of_another_organisation_only_offers_a_role_here(cast, beheer):
    # The person works for Anderstad: a role here counts only once they accept it (test_tussen_organisaties.py).
    response = beheer.post(reverse("beheer:uitnodigen"), {"email": cast.outsider.email, "rol": Rol.VERTROUWENSPERSOON,
                                                          "extern": "on"}, follow=True)
    assert "werkt ook voor een andere organisatie" in response.content.decode()
    assert not Lidmaatschap.objects.filter(gebruiker=cast.outsider, organisatie=cast.org).exists()
    aanbod = Roluitnodiging.objects.get(gebruiker=cast.outsider, organisatie=cast.org)
    assert aanbod.extern and aanbod.rol == Rol.VERTROUWENSPERSOON
    assert Lidmaatschap.objects.filter(gebruiker=cast.outsider, organisatie=cast.other_org).count() == 2


def test_invite_keeps_input_and_explains_errors(cast, beheer):
    response = beheer.post(reverse("beheer:uitnodigen"), {
        "email": "geen-adres", "naam": "Typ Fout", "rol": Rol.COORDINATOR, "extern": "on",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in html and 'value="Typ Fout"' in html and 'value="geen-adres"' in html
    assert "Alleen een vertrouwenspersoon kan extern zijn" in html
    duplicate = beheer.post(reverse("beheer:uitnodigen"), {"email": cast.coordinator.email, "rol": Rol.COORDINATOR})
    assert "heeft deze rol al" in duplicate.content.decode()
    assert not User.objects.filter(email="geen-adres").exists()


# --- detail and actions ---------------------------------------------------------------------------------------


def test_detail_shows_only_roles_in_this_organisation(cast, beheer):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.COORDINATOR)
    response = beheer.get(reverse("beheer:gebruiker", args=[cast.vp2.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vertrouwenspersoon (extern)" in html
    assert "Integriteitscoördinator" not in html.split("Rol toevoegen")[0]
    assert "Anderstad" not in html


def test_add_role(cast, beheer):
    response = beheer.post(reverse("beheer:rol_toevoegen", args=[cast.lezer.pk]), {"rol": Rol.ONDERZOEKER})
    assert response.status_code == 302
    assert Lidmaatschap.objects.filter(gebruiker=cast.lezer, organisatie=cast.org, rol=Rol.ONDERZOEKER,
                                       actief=True).exists()
    entry = AuditEntry.objects.filter(actie="rol_toegekend", organisatie_id=cast.org.pk).latest("id")
    assert entry.gebruiker_id == cast.beheerder.pk and entry.details["rol"] == Rol.ONDERZOEKER


def test_add_role_error_is_shown_on_the_detail_page(cast, beheer):
    response = beheer.post(reverse("beheer:rol_toevoegen", args=[cast.lezer.pk]), {"rol": Rol.RAPPORTAGELEZER})
    assert response.status_code == 200 and "heeft deze rol al" in response.content.decode()


def test_revoke_role(cast, beheer):
    lid = Lidmaatschap.objects.get(gebruiker=cast.coordinator, organisatie=cast.org)
    response = beheer.post(reverse("beheer:rol_intrekken", args=[cast.coordinator.pk, lid.pk]))
    assert response.status_code == 302
    lid.refresh_from_db()
    assert not lid.actief
    assert "rol_ingetrokken" in _audit_acties(cast.org)
    assert beheer.get(reverse("beheer:gebruiker", args=[cast.coordinator.pk])).status_code == 200


def test_beheerder_cannot_revoke_own_beheerder_role(cast, beheer):
    lid = Lidmaatschap.objects.get(gebruiker=cast.beheerder, organisatie=cast.org)
    response = beheer.post(reverse("beheer:rol_intrekken", args=[cast.beheerder.pk, lid.pk]), follow=True)
    lid.refresh_from_db()
    assert lid.actief
    assert "eigen rol als functioneel beheerder niet intrekken" in response.content.decode()
    response = beheer.post(reverse("beheer:deactiveren", args=[cast.beheerder.pk]), follow=True)
    assert Lidmaatschap.objects.get(pk=lid.pk).actief
    assert "eigen rol als functioneel beheerder niet intrekken" in response.content.decode()


def test_another_beheerder_can_revoke_a_beheerder_role(cast, client_for):
    tweede = make_user("beheer2@voorbeeldstad.test", cast.org, Rol.BEHEERDER)
    lid = Lidmaatschap.objects.get(gebruiker=cast.beheerder, organisatie=cast.org)
    client_for(tweede).post(reverse("beheer:rol_intrekken", args=[cast.beheerder.pk, lid.pk]))
    lid.refresh_from_db()
    assert not lid.actief


def test_deactivate_ends_the_users_sessions(cast, beheer, client_for):
    vp_client = client_for(cast.vp)
    assert vp_client.get(reverse("accounts:profiel")).status_code == 200
    response = beheer.post(reverse("beheer:deactiveren", args=[cast.vp.pk]), follow=True)
    assert "is gedeactiveerd" in response.content.decode()
    cast.vp.refresh_from_db()
    assert not cast.vp.is_active
    assert not Lidmaatschap.objects.filter(gebruiker=cast.vp, actief=True).exists()
    after = vp_client.get(reverse("accounts:profiel"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("accounts:login"))
    entry = AuditEntry.objects.filter(actie="gebruiker_gedeactiveerd").latest("id")
    assert entry.organisatie_id == cast.org.pk and entry.object_id == str(cast.vp.pk)
    assert entry.details == {"rollen_ingetrokken": 1, "account_uitgeschakeld": True}


def test_deactivate_keeps_the_account_when_it_has_a_role_elsewhere(cast, beheer, client_for):
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    vp2_client = client_for(cast.vp2, cast.other_org)
    beheer.post(reverse("beheer:deactiveren", args=[cast.vp2.pk]))
    cast.vp2.refresh_from_db()
    assert cast.vp2.is_active
    assert not Lidmaatschap.objects.filter(gebruiker=cast.vp2, organisatie=cast.org, actief=True).exists()
    assert Lidmaatschap.objects.filter(gebruiker=cast.vp2, organisatie=cast.other_org, actief=True).exists()
    assert vp2_client.get(reverse("accounts:profiel")).status_code == 200


def test_a_deactivated_user_can_be_given_a_role_again(cast, beheer):
    beheer.post(reverse("beheer:deactiveren", args=[cast.lezer.pk]))
    beheer.post(reverse("beheer:rol_toevoegen", args=[cast.lezer.pk]), {"rol": Rol.RAPPORTAGELEZER})
    cast.lezer.refresh_from_db()
    assert cast.lezer.is_active
    assert Lidmaatschap.objects.actief().filter(gebruiker=cast.lezer, organisatie=cast.org).exists()
    assert "gebruiker_geactiveerd" in _audit_acties(cast.org)


def test_resend_invitation_is_refused_once_a_password_is_set(cast, beheer):
    # An invitation link sets a password: for someone who has one it would be a password reset in disguise.
    response = beheer.post(reverse("beheer:uitnodiging_opnieuw", args=[cast.onderzoeker.pk]), follow=True)
    assert "herstel-link" in response.content.decode()
    assert mail.outbox == []


def test_resend_invitation_mails_a_new_link(cast, beheer):
    beheer.post(reverse("beheer:uitnodigen"), {"email": "nieuw@voorbeeldstad.test", "rol": Rol.ONDERZOEKER})
    nieuw = User.objects.get(email="nieuw@voorbeeldstad.test")
    mail.outbox.clear()
    response = beheer.post(reverse("beheer:uitnodiging_opnieuw", args=[nieuw.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [nieuw.email]
    assert "/account/uitnodiging/" in mail.outbox[0].body
    assert "uitnodiging_verstuurd" in _audit_acties(cast.org)


def test_reset_2fa_deletes_devices_and_forces_enrolment(cast, beheer, client_for):
    vp_client = client_for(cast.vp)  # creates a confirmed device
    assert TOTPDevice.objects.filter(user=cast.vp).exists()
    beheer.post(reverse("beheer:tweestap_resetten", args=[cast.vp.pk]))
    assert not TOTPDevice.objects.filter(user=cast.vp).exists()
    after = vp_client.get(reverse("accounts:profiel"))
    assert after.status_code == 302 and reverse("accounts:2fa_setup") in after["Location"]
    entry = AuditEntry.objects.filter(actie="2fa_gereset").latest("id")
    assert entry.gebruiker_id == cast.beheerder.pk and entry.object_id == str(cast.vp.pk)


def test_actions_need_post(cast, beheer):
    for name in ("rol_toevoegen", "deactiveren", "uitnodiging_opnieuw", "tweestap_resetten"):
        assert beheer.get(reverse(f"beheer:{name}", args=[cast.vp.pk])).status_code == 405


# --- isolation between organisations ---------------------------------------------------------------------------


@pytest.fixture
def beheerder_b(cast):
    return make_user("beheer@anderstad.test", cast.other_org, Rol.BEHEERDER)


def test_beheerder_cannot_see_or_change_users_of_another_organisation(cast, beheer, beheerder_b):
    lid = Lidmaatschap.objects.filter(gebruiker=cast.outsider, organisatie=cast.other_org).first()
    assert beheer.get(reverse("beheer:gebruiker", args=[cast.outsider.pk])).status_code == 404
    assert beheer.get(reverse("beheer:gebruiker", args=[beheerder_b.pk])).status_code == 404
    for name in ("rol_toevoegen", "deactiveren", "uitnodiging_opnieuw", "tweestap_resetten"):
        assert beheer.post(reverse(f"beheer:{name}", args=[cast.outsider.pk]), {"rol": Rol.ONDERZOEKER}).status_code == 404
    assert beheer.post(reverse("beheer:rol_intrekken", args=[cast.outsider.pk, lid.pk])).status_code == 404
    # A membership of another organisation cannot be revoked through a user of this one either.
    assert beheer.post(reverse("beheer:rol_intrekken", args=[cast.vp.pk, lid.pk])).status_code == 404
    assert Lidmaatschap.objects.filter(gebruiker=cast.outsider, actief=True).count() == 2
    assert cast.outsider.email not in beheer.get(reverse("beheer:gebruikers")).content.decode()
    assert mail.outbox == []


def test_other_beheerder_cannot_see_users_of_this_organisation(cast, client_for, beheerder_b):
    other = client_for(beheerder_b)
    html = other.get(reverse("beheer:gebruikers")).content.decode()
    assert cast.outsider.email in html and cast.vp.email not in html
    assert other.get(reverse("beheer:gebruiker", args=[cast.vp.pk])).status_code == 404
    assert other.post(reverse("beheer:deactiveren", args=[cast.vp.pk])).status_code == 404
    cast.vp.refresh_from_db()
    assert cast.vp.is_active


def test_shared_user_is_managed_per_organisation(cast, client_for, beheerder_b):
    """A user with roles in both organisations: each beheerder sees and changes only their own roles."""
    lidmaatschap_toevoegen(gebruiker=cast.vp2, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    other = client_for(beheerder_b)
    html = other.get(reverse("beheer:gebruiker", args=[cast.vp2.pk])).content.decode()
    assert "Voorbeeldstad" not in html
    lid_a = Lidmaatschap.objects.get(gebruiker=cast.vp2, organisatie=cast.org)
    assert other.post(reverse("beheer:rol_intrekken", args=[cast.vp2.pk, lid_a.pk])).status_code == 404
    lid_a.refresh_from_db()
    assert lid_a.actief


def test_mail_server_failure_is_explained_not_a_crash(cast, beheer, monkeypatch):
    import smtplib

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.send_mail", broken)
    response = beheer.post(reverse("beheer:uitnodigen"), {"email": "stil@voorbeeldstad.test", "rol": Rol.ONDERZOEKER},
                           follow=True)
    assert response.status_code == 200
    assert "kon niet worden verstuurd" in response.content.decode()
    assert User.objects.filter(email="stil@voorbeeldstad.test").exists()
    assert "uitnodiging_verstuurd" not in _audit_acties(cast.org)


def test_reset_2fa_tells_the_person_by_mail_and_names_the_organisation(cast, beheer):
    beheer.post(reverse("beheer:tweestap_resetten", args=[cast.vp.pk]))
    [bericht] = mail.outbox
    assert bericht.to == [cast.vp.email]
    assert cast.org.naam in bericht.subject and "gewist" in bericht.subject
    assert f"De functioneel beheerder van {cast.org.naam} heeft de tweestapsverificatie" in bericht.body
    assert "http" not in bericht.body  # nothing to click: the person just logs in


def test_reset_2fa_mail_is_in_the_persons_language(cast, beheer):
    User.objects.filter(pk=cast.vp.pk).update(taal="en")
    beheer.post(reverse("beheer:tweestap_resetten", args=[cast.vp.pk]))
    [bericht] = mail.outbox
    assert "two-step verification" in bericht.subject.lower()
    assert "Beste" not in bericht.body


def test_reset_2fa_stands_when_the_mail_server_is_down(cast, beheer, client_for, settings):
    from tests.integration.conftest import free_port

    client_for(cast.vp)  # enrols a device
    # A real SMTP connection to a port where nothing listens: the reset is done, the beheerder is told.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    response = beheer.post(reverse("beheer:tweestap_resetten", args=[cast.vp.pk]), follow=True)
    html = response.content.decode()
    assert "is gewist" in html and "kon niet worden verstuurd" in html
    assert not TOTPDevice.objects.filter(user=cast.vp).exists()
    assert "2fa_gereset" in _audit_acties(cast.org)
