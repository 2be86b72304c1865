"""Factories that go through the services, so kenmerk, status history and deadlines are always real."""

import datetime

import factory
from django.utils import timezone

from meldingen import services
from meldingen.models import Bron, Kanaal, Melding, Spoor, Uitvoering
from taxonomie.models import Categorie, Soort


def categorie(organisatie, soort=Soort.INTEGRITEIT_ONDERWERP, index=0) -> Categorie:
    return list(Categorie.objects.van(organisatie, soort).order_by("volgorde"))[index]


class MeldingFactory(factory.Factory):
    class Meta:
        model = Melding

    organisatie = None
    door = None
    ontvangen_op = factory.LazyFunction(timezone.localdate)
    kanaal = Kanaal.COORDINATOR
    bron = Bron.INTERN
    spoor = Spoor.INTEGRITEIT
    onderwerp = factory.LazyAttribute(lambda o: categorie(o.organisatie))
    omschrijving = factory.Sequence(lambda n: f"Synthetische omschrijving nummer {n}")
    melder_identiteit = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.melding_create(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Create meldingen through the service.")


def onderzoek(melding, door, **kwargs):
    defaults = {
        "opdrachtgever": "Directeur Bedrijfsvoering",
        "uitvoering": Uitvoering.INTERN,
        "startdatum": melding.ontvangen_op + datetime.timedelta(days=10),
    }
    defaults.update(kwargs)
    return services.onderzoek_create(melding=melding, door=door, **defaults)
