"""Every beheer URL refuses every cast member except the beheerder, for GET and POST, and changes nothing."""

import pytest
from django.urls import get_resolver, reverse

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Organisatieonderdeel
from tests.matrix.beheer import cases

NIET_BEHEERDERS = ("vp", "vp2", "coordinator", "onderzoeker", "lezer", "outsider")


def test_matrix_covers_every_beheer_url(cast):
    resolver = get_resolver().namespace_dict["beheer"][1]
    names = {f"beheer:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert names == set(cases(cast))


@pytest.mark.parametrize("role", NIET_BEHEERDERS)
def test_non_beheerders_are_refused_everywhere(role, cast, client_for):
    client = client_for(cast.roles()[role])
    beheer_cases = cases(cast)
    audit_before = AuditEntry.objects.count()
    for name, case in beheer_cases.items():
        url = reverse(name, kwargs=case.kwargs)
        # A POST-only view may answer a GET with 405 before looking at the role; the POST must be refused.
        get = client.get(url)
        # require_POST answers a GET first (405); otherwise the missing beheerder role is a 403.
        assert get.status_code == (405 if case.post_only else 403), f"{role} GET {name}"
        post = client.post(url, {"rol": "beheerder", "naam": "x", "email": "x@x.nl", "nieuwe_naam": "x"})
        assert post.status_code == 403, f"{role} reached {name}: {post.status_code}"
    assert AuditEntry.objects.count() == audit_before
    assert Lidmaatschap.objects.filter(rol="beheerder").count() == 1
    assert not Organisatieonderdeel.objects.filter(naam="x").exists()


@pytest.mark.parametrize("role", NIET_BEHEERDERS)
def test_menu_shows_beheer_links_only_to_beheerder(role, cast, client_for):
    html = client_for(cast.roles()[role]).get(reverse("accounts:profiel")).content.decode()
    assert reverse("beheer:gebruikers") not in html


def test_menu_shows_beheer_links_to_beheerder(cast, client_for):
    html = client_for(cast.beheerder).get(reverse("accounts:profiel")).content.decode()
    for name in ("beheer:gebruikers", "beheer:onderdelen", "beheer:audit"):
        assert reverse(name) in html


def test_beheerder_lands_on_the_user_list(cast, client_for):
    response = client_for(cast.beheerder).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("beheer:gebruikers")
