"""The fixed cast every test module family shares (ARCHITECTURE.md, Tests).

Gemeente Voorbeeldstad: two VPs (one intern, one extern), a coordinator, an onderzoeker, a report reader,
a functioneel beheerder. Gemeente Anderstad: an outsider who is VP *and* coordinator there, and nothing here.
And the platform operator: a superuser of the Django admin (/platformbeheer/) with no role in any organisation.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Lidmaatschap, Organisatie, Rol, User
from accounts.organisation import SESSION_KEY
from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, lidmaatschap_intrekken, organisatie_create

pytest_plugins = ["tests.browser"]

PASSWORD = "een-lang-testwachtwoord-2026"


@dataclass
class Cast:
    org: Organisatie
    other_org: Organisatie
    vp: User
    vp2: User
    coordinator: User
    onderzoeker: User
    lezer: User
    beheerder: User
    outsider: User
    # A VP of `org` whose membership was just revoked: from now on they reach nothing of the organisation.
    ex_vp: User
    # The platform operator: Django superuser, no membership anywhere. Reaches the admin, and no case.
    operator: User

    def roles(self) -> dict[str, User]:
        """Every member of the cast by role name, for matrix tests."""
        return {
            "vp": self.vp,
            "vp2": self.vp2,
            "coordinator": self.coordinator,
            "onderzoeker": self.onderzoeker,
            "lezer": self.lezer,
            "beheerder": self.beheerder,
            "outsider": self.outsider,
            "ex_vp": self.ex_vp,
            "operator": self.operator,
        }


def make_user(email: str, org: Organisatie, rol: str, extern: bool = False) -> User:
    user, _ = gebruiker_aanmaken_of_rol_toevoegen(email=email, organisatie=org, rol=rol, extern=extern)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def cast(db) -> Cast:
    org = organisatie_create(
        naam="Gemeente Voorbeeldstad", slug="voorbeeldstad", indeling="rijk",
        onderdelen=["Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering"],
    )
    other = organisatie_create(naam="Gemeente Anderstad", slug="anderstad", indeling="gedragscode", onderdelen=["Stadhuis"])
    make_user("buiten@anderstad.test", other, Rol.VERTROUWENSPERSOON)
    # The second call returns the object holding the final password hash, so the outsider's session is valid.
    outsider = make_user("buiten@anderstad.test", other, Rol.COORDINATOR)
    ex_vp = make_user("oud-vp@voorbeeldstad.test", org, Rol.VERTROUWENSPERSOON)
    lidmaatschap_intrekken(lidmaatschap=Lidmaatschap.objects.get(gebruiker=ex_vp, organisatie=org))
    return Cast(
        org=org,
        other_org=other,
        vp=make_user("vp@voorbeeldstad.test", org, Rol.VERTROUWENSPERSOON),
        vp2=make_user("vp2@voorbeeldstad.test", org, Rol.VERTROUWENSPERSOON, extern=True),
        coordinator=make_user("coordinator@voorbeeldstad.test", org, Rol.COORDINATOR),
        onderzoeker=make_user("onderzoeker@voorbeeldstad.test", org, Rol.ONDERZOEKER),
        lezer=make_user("lezer@voorbeeldstad.test", org, Rol.RAPPORTAGELEZER),
        beheerder=make_user("beheerder@voorbeeldstad.test", org, Rol.BEHEERDER),
        outsider=outsider,
        ex_vp=ex_vp,
        operator=User.objects.create_superuser("platform@vertrouwd.test", PASSWORD),
    )


def login(client: Client, user: User, organisatie: Organisatie | None = None) -> Client:
    """Log in with a completed second factor, as the real login + TOTP steps would leave the session."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    if organisatie is None:
        # As if the person chose at login (accounts/organisation.py): the alphabetically first of their organisations.
        organisatie = (Organisatie.objects.filter(lidmaatschappen__in=Lidmaatschap.objects.actief().filter(
            gebruiker=user)).order_by("naam").first())
    if organisatie is not None:
        session[SESSION_KEY] = organisatie.pk
    session.save()
    return client


@pytest.fixture
def client_for(db):
    """client_for(user) -> a fresh logged-in, 2FA-verified client."""

    def make(user: User, organisatie: Organisatie | None = None) -> Client:
        return login(Client(), user, organisatie)

    return make


@pytest.fixture(autouse=True)
def _nederlands():
    """Every test starts in Dutch, the product's default. A request activates its language in the thread and nothing
    deactivates it, so an English page in one test made the next test's messages English."""
    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
