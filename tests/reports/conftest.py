"""Builders for register records, through the registers' own services (we never write their tables directly)."""

import datetime

import pytest

from accounts.models import Organisatieonderdeel
from meldingen import services as mservices
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen import services as vpservices


def cat(org, soort: str, label: str) -> Categorie:
    return Categorie.objects.get(organisatie=org, soort=soort, label=label, parent__isnull=True)


def unit(org, naam: str) -> Organisatieonderdeel:
    return Organisatieonderdeel.objects.get(organisatie=org, naam=naam)


class Builder:
    def __init__(self, cast):
        self.cast = cast
        self.org = cast.org

    def dossier(self, *, datum, onderwerpen=("intimidatie",), onderdeel="Publiekszaken", soort="melding", vp=None,
                **kwargs):
        return vpservices.dossier_create(
            organisatie=self.org, eigenaar=vp or self.cast.vp, onderdeel=unit(self.org, onderdeel)
            if isinstance(onderdeel, str) else onderdeel, soort_contact=soort,
            onderwerpen=[cat(self.org, Soort.VP_ONDERWERP, o) if isinstance(o, str) else o for o in onderwerpen],
            eerste_contact=datum, **kwargs,
        )

    def melding(self, *, datum, onderwerp="financiële schendingen", onderdeel="Publiekszaken", bron="intern",
                kanaal="coordinator", spoor="integriteit", **kwargs):
        return mservices.melding_create(
            organisatie=self.org, door=self.cast.coordinator, ontvangen_op=datum, kanaal=kanaal, bron=bron,
            spoor=spoor,
            onderwerp=cat(self.org, Soort.INTEGRITEIT_ONDERWERP, onderwerp) if isinstance(onderwerp, str) else onderwerp,
            onderdeel=unit(self.org, onderdeel) if isinstance(onderdeel, str) else onderdeel,
            omschrijving="GEHEIME-OMSCHRIJVING", melder_identiteit="Jan Geheim", **kwargs,
        )

    def betrokkene(self, melding, *, bevinding=None, maatregelen=()):
        b = mservices.betrokkene_add(
            melding=melding, door=self.cast.coordinator, functiecategorie="medewerker",
            bevinding=cat(self.org, Soort.BEVINDING, bevinding) if bevinding else None,
        )
        for m in maatregelen:
            mservices.maatregel_add(betrokkene=b, door=self.cast.coordinator, soort=cat(self.org, Soort.MAATREGEL, m),
                                    besloten_op=melding.ontvangen_op)
        return b

    def onderzoek(self, melding, *, start=None):
        return mservices.onderzoek_create(
            melding=melding, door=self.cast.coordinator, opdrachtgever="Directeur", uitvoering="intern",
            startdatum=start or melding.ontvangen_op,
        )


@pytest.fixture
def build(cast):
    return Builder(cast)


@pytest.fixture
def d():
    return datetime.date
