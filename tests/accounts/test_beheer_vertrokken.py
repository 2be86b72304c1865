"""Someone who left organisation A (all roles there revoked) is visible to A's beheerder, but no longer A's to change."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Lidmaatschap, Rol, Roluitnodiging
from accounts.services import lidmaatschap_intrekken, lidmaatschap_toevoegen


@pytest.fixture
def vertrokken(cast, client_for):
    """Left Voorbeeldstad (role revoked there), works in the other organisation now, with 2FA set up."""
    persoon = cast.vp2
    lidmaatschap_toevoegen(gebruiker=persoon, organisatie=cast.other_org, rol=Rol.VERTROUWENSPERSOON, extern=True)
    client_for(persoon, cast.other_org)  # a confirmed device
    lidmaatschap_intrekken(lidmaatschap=Lidmaatschap.objects.get(gebruiker=persoon, organisatie=cast.org))
    return persoon


def test_a_beheerder_cannot_reset_deactivate_or_revoke_someone_who_left(cast, client_for, vertrokken):
    beheer = client_for(cast.beheerder)
    assert beheer.get(reverse("beheer:gebruiker", args=[vertrokken.pk])).status_code == 200  # still visible
    assert beheer.post(reverse("beheer:tweestap_resetten", args=[vertrokken.pk])).status_code == 404
    assert beheer.post(reverse("beheer:deactiveren", args=[vertrokken.pk])).status_code == 404
    oud = Lidmaatschap.objects.get(gebruiker=vertrokken, organisatie=cast.org)
    assert beheer.post(reverse("beheer:rol_intrekken", args=[vertrokken.pk, oud.pk])).status_code == 404

    assert TOTPDevice.objects.filter(user=vertrokken, confirmed=True).exists()
    vertrokken.refresh_from_db()
    assert vertrokken.is_active
    assert Lidmaatschap.objects.get(gebruiker=vertrokken, organisatie=cast.other_org).actief


def test_the_page_of_someone_who_left_offers_no_2fa_reset(cast, client_for, vertrokken):
    page = client_for(cast.beheerder).get(reverse("beheer:gebruiker", args=[vertrokken.pk])).content.decode()
    assert reverse("beheer:tweestap_resetten", args=[vertrokken.pk]) not in page


def test_a_role_can_be_offered_back_and_counts_once_accepted(cast, client_for, vertrokken):
    # She works for the other organisation now: giving her a role here again needs her consent.
    beheer = client_for(cast.beheerder)
    response = beheer.post(reverse("beheer:rol_toevoegen", args=[vertrokken.pk]), {"rol": Rol.VERTROUWENSPERSOON})
    assert response.status_code == 302
    assert not Lidmaatschap.objects.filter(gebruiker=vertrokken, organisatie=cast.org, actief=True).exists()
    aanbod = Roluitnodiging.objects.get(gebruiker=vertrokken, organisatie=cast.org)
    client_for(vertrokken).post(reverse("accounts:roluitnodiging_accepteren", args=[aanbod.pk]))
    assert Lidmaatschap.objects.filter(gebruiker=vertrokken, organisatie=cast.org, actief=True).exists()
