import pytest

from tests.meldingen.factories import MeldingFactory


@pytest.fixture
def melding(cast):
    return MeldingFactory(organisatie=cast.org, door=cast.coordinator,
                          omschrijving="Vermoeden van fraude met declaraties", melder_identiteit="Melder X, afdeling Y")


@pytest.fixture
def other_melding(cast):
    other = cast.outsider
    return MeldingFactory(organisatie=cast.other_org, door=other)


@pytest.fixture(autouse=True)
def _fresh_outsider(request):
    """The shared cast sets the outsider's password twice and keeps the first object, whose stale password hash
    makes every client_for(cast.outsider) session invalid. Reload it so the outsider really is logged in."""
    if "cast" in request.fixturenames:
        request.getfixturevalue("cast").outsider.refresh_from_db()
