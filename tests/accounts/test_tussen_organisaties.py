"""A beheerder acts only on what belongs to their organisation (docs/security.md, "Between organisations").

The attack this guards against: A's beheerder invites the address of B's coordinator, gets a role for her in A
without her consent, and then resets her second factor, which also guarded her role in B.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol, Roluitnodiging
from accounts.services import roluitnodiging_accepteren, roluitnodiging_maken
from tests.conftest import make_user


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder, cast.org)


@pytest.fixture
def coordinator_b(cast, client_for):
    """Anderstad's coordinator, with her second factor set up."""
    client_for(cast.outsider)
    return cast.outsider


def _acties(**filters) -> list[str]:
    return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("actie", flat=True))


def test_inviting_someone_of_another_organisation_gives_no_role_and_no_power(cast, beheer, coordinator_b,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post(reverse("beheer:uitnodigen"), {"email": coordinator_b.email, "rol": Rol.ONDERZOEKER})
    assert response.status_code == 302 and response["Location"] == reverse("beheer:gebruikers")
    assert not Lidmaatschap.objects.filter(gebruiker=coordinator_b, organisatie=cast.org).exists()
    assert Roluitnodiging.objects.filter(gebruiker=coordinator_b, organisatie=cast.org).count() == 1
    # She is told, and the mail carries no link that sets a password.
    assert [m.to for m in mail.outbox] == [[coordinator_b.email]]
    assert "accepteert" in mail.outbox[0].body and "/account/uitnodiging/" not in mail.outbox[0].body

    # A's beheerder sees a placeholder, and can do nothing to the account.
    lijst = beheer.get(reverse("beheer:gebruikers")).content.decode()
    assert coordinator_b.email in lijst and "nog niet zijn geaccepteerd" in lijst
    assert beheer.get(reverse("beheer:gebruiker", args=[coordinator_b.pk])).status_code == 404
    for name in ("tweestap_resetten", "deactiveren", "herstellink", "uitnodiging_opnieuw", "rol_toevoegen"):
        assert beheer.post(reverse(f"beheer:{name}", args=[coordinator_b.pk]),
                           {"rol": Rol.COORDINATOR}).status_code == 404, name
    assert TOTPDevice.objects.filter(user=coordinator_b, confirmed=True).exists()
    assert not Lidmaatschap.objects.filter(gebruiker=coordinator_b, organisatie=cast.org).exists()


def test_the_person_decides_after_logging_in(cast, beheer, coordinator_b, client_for):
    beheer.post(reverse("beheer:uitnodigen"), {"email": coordinator_b.email, "rol": Rol.ONDERZOEKER})
    her = client_for(coordinator_b)
    start = her.get(reverse("home"))
    assert start.status_code == 302 and start["Location"] == reverse("accounts:roluitnodigingen")
    page = her.get(start["Location"]).content.decode()
    assert "Gemeente Voorbeeldstad" in page and "Onderzoeker" in page
    # "Later" goes on to her own work (she is VP and coordinator in Anderstad).
    assert her.get(reverse("home") + "?later=1")["Location"] == reverse("vertrouwenspersonen:dashboard")

    aanbod = Roluitnodiging.objects.get(gebruiker=coordinator_b)
    her.post(reverse("accounts:roluitnodiging_accepteren", args=[aanbod.pk]))
    assert Lidmaatschap.objects.filter(gebruiker=coordinator_b, organisatie=cast.org, rol=Rol.ONDERZOEKER,
                                       actief=True).exists()
    assert not Roluitnodiging.objects.exists()
    assert _acties(organisatie_id=cast.org.pk)[-2:] == ["rol_toegekend", "rol_aanbod_geaccepteerd"]
    assert her.get(reverse("home"))["Location"] == reverse("vertrouwenspersonen:dashboard")


def test_declining_leaves_no_role(cast, beheer, coordinator_b, client_for):
    beheer.post(reverse("beheer:uitnodigen"), {"email": coordinator_b.email, "rol": Rol.COORDINATOR})
    aanbod = Roluitnodiging.objects.get()
    client_for(coordinator_b).post(reverse("accounts:roluitnodiging_weigeren", args=[aanbod.pk]))
    assert not Roluitnodiging.objects.exists()
    assert not Lidmaatschap.objects.filter(gebruiker=coordinator_b, organisatie=cast.org).exists()
    assert "rol_aanbod_geweigerd" in _acties(organisatie_id=cast.org.pk)


def test_only_the_invited_person_can_accept(cast, beheer, coordinator_b, client_for):
    beheer.post(reverse("beheer:uitnodigen"), {"email": coordinator_b.email, "rol": Rol.COORDINATOR})
    aanbod = Roluitnodiging.objects.get()
    for user in (cast.beheerder, cast.vp, cast.coordinator):
        response = client_for(user).post(reverse("accounts:roluitnodiging_accepteren", args=[aanbod.pk]))
        assert response.status_code == 404
    with pytest.raises(PermissionError):
        roluitnodiging_accepteren(uitnodiging=aanbod, door=cast.beheerder)
    assert not Lidmaatschap.objects.filter(organisatie=cast.org, rol=Rol.COORDINATOR).exclude(
        gebruiker=cast.coordinator).exists()


def test_the_beheerder_can_withdraw_an_offer_and_another_organisations_beheerder_cannot(cast, beheer,
                                                                                        coordinator_b, client_for):
    aanbod = roluitnodiging_maken(gebruiker=coordinator_b, organisatie=cast.org, rol=Rol.ONDERZOEKER,
                                  door=cast.beheerder)
    beheerder_b = make_user("beheer@anderstad.test", cast.other_org, Rol.BEHEERDER)
    assert client_for(beheerder_b).post(reverse("beheer:aanbod_intrekken", args=[aanbod.pk])).status_code == 404
    assert Roluitnodiging.objects.exists()
    assert beheer.post(reverse("beheer:aanbod_intrekken", args=[aanbod.pk])).status_code == 302
    assert not Roluitnodiging.objects.exists()
    assert "rol_aanbod_ingetrokken" in _acties(organisatie_id=cast.org.pk)


def test_2fa_reset_is_refused_for_someone_who_also_works_elsewhere(cast, beheer, coordinator_b):
    # She accepted a role in A: now A's beheerder sees her, but her second factor also guards her work in B.
    aanbod = roluitnodiging_maken(gebruiker=coordinator_b, organisatie=cast.org, rol=Rol.ONDERZOEKER)
    roluitnodiging_accepteren(uitnodiging=aanbod, door=coordinator_b)
    page = beheer.get(reverse("beheer:gebruiker", args=[coordinator_b.pk])).content.decode()
    assert reverse("beheer:tweestap_resetten", args=[coordinator_b.pk]) not in page
    assert "platformbeheerder" in page

    response = beheer.post(reverse("beheer:tweestap_resetten", args=[coordinator_b.pk]), follow=True)
    assert "werkt ook voor een andere organisatie" in response.content.decode()
    assert "platformbeheerder" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator_b, confirmed=True).exists()
    assert "2fa_gereset" not in _acties()
    assert mail.outbox == []

    response = beheer.post(reverse("beheer:herstellink", args=[coordinator_b.pk]), follow=True)
    assert "werkt ook voor een andere organisatie" in response.content.decode()
    assert mail.outbox == []


def test_2fa_reset_still_works_for_someone_only_of_this_organisation(cast, beheer, client_for):
    client_for(cast.vp)
    response = beheer.post(reverse("beheer:tweestap_resetten", args=[cast.vp.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.vp).exists()
    assert "2fa_gereset" in _acties(organisatie_id=cast.org.pk)


def test_a_beheerder_sends_a_herstel_link_for_someone_only_of_this_organisation(cast, beheer):
    response = beheer.post(reverse("beheer:herstellink", args=[cast.vp.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[cast.vp.email]]
    assert "/account/herstel/" in mail.outbox[0].body and "Gemeente Voorbeeldstad" in mail.outbox[0].body
    assert "herstellink_verstuurd" in _acties(organisatie_id=cast.org.pk)


def test_a_role_for_someone_already_working_here_is_given_at_once(cast, beheer):
    # The outsider-like case does not apply: the VP works here already, so a second role here needs no consent.
    beheer.post(reverse("beheer:rol_toevoegen", args=[cast.vp.pk]), {"rol": Rol.ONDERZOEKER})
    assert Lidmaatschap.objects.filter(gebruiker=cast.vp, organisatie=cast.org, rol=Rol.ONDERZOEKER).exists()
    assert not Roluitnodiging.objects.exists()
