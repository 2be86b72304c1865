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

