"""Beheer screens: only the functioneel beheerder of the active organisation; everyone else 403/404."""

from accounts.models import Lidmaatschap, Organisatieonderdeel, Rol
from accounts.services import roluitnodiging_maken
from tests.matrix import Case, allowed

BEHEERDER = allowed("beheerder")


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("beheer",)


def cases(cast) -> dict[str, Case]:
    # Work-around until tests/conftest.py is fixed: the fixture sets the outsider's password twice (once per
    # role) but keeps the object from the first call, so its session hash is stale and the outsider is
    # silently logged out (302 to the login page) instead of being refused. Reloading gives a real login.
    gebruiker = {"pk": cast.vp.pk}
    lidmaatschap = Lidmaatschap.objects.get(gebruiker=cast.vp, organisatie=cast.org)
    onderdeel = Organisatieonderdeel.objects.filter(organisatie=cast.org).order_by("pk").first()
    aanbod = roluitnodiging_maken(gebruiker=cast.outsider, organisatie=cast.org, rol=Rol.COORDINATOR)
    return {
        "beheer:gebruikers": Case(allowed=BEHEERDER),
        "beheer:uitnodigen": Case(allowed=BEHEERDER),
        "beheer:gebruiker": Case(allowed=BEHEERDER, kwargs=gebruiker),
        "beheer:rol_toevoegen": Case(allowed=BEHEERDER, kwargs=gebruiker, post_only=True),
        "beheer:rol_intrekken": Case(
            allowed=BEHEERDER, post_only=True, kwargs={"pk": cast.vp.pk, "lidmaatschap_pk": lidmaatschap.pk}
        ),
        "beheer:deactiveren": Case(allowed=BEHEERDER, kwargs=gebruiker, post_only=True),
        "beheer:uitnodiging_opnieuw": Case(allowed=BEHEERDER, kwargs=gebruiker, post_only=True),
        "beheer:tweestap_resetten": Case(allowed=BEHEERDER, kwargs=gebruiker, post_only=True),
        "beheer:herstellink": Case(allowed=BEHEERDER, kwargs=gebruiker, post_only=True),
        "beheer:aanbod_intrekken": Case(allowed=BEHEERDER, kwargs={"pk": aanbod.pk}, post_only=True),
        "beheer:onderdelen": Case(allowed=BEHEERDER),
        "beheer:onderdeel_nieuw": Case(allowed=BEHEERDER),
        "beheer:onderdeel_wijzigen": Case(allowed=BEHEERDER, kwargs={"pk": onderdeel.pk}),
        "beheer:onderdeel_hernoemen": Case(allowed=BEHEERDER, kwargs={"pk": onderdeel.pk}, post_only=True),
        "beheer:onderwerpen": Case(allowed=BEHEERDER),
        "beheer:audit": Case(allowed=BEHEERDER, query="actie=rol_toegekend"),
        "beheer:audit_export": Case(allowed=BEHEERDER, query="actie=rol_toegekend"),
        "beheer:sso": Case(allowed=BEHEERDER),
    }
