"""Factories for the VP register. Dossiers are built through the service, so they are always valid."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Organisatieonderdeel
from taxonomie.models import Categorie
from vertrouwenspersonen import services
from vertrouwenspersonen.models import Activiteit, Gesprek, Signaal


def onderdeel_van(org) -> Organisatieonderdeel:
    return Organisatieonderdeel.objects.filter(organisatie=org).order_by("naam").first()


def onderwerpen_van(org, n: int = 1) -> list[Categorie]:
    return list(
        Categorie.objects.van(org, "vp_onderwerp").filter(parent__isnull=True).order_by("volgorde")[:n]
    )


def make_dossier(cast, eigenaar=None, org=None, **kwargs):
    org = org or cast.org
    eigenaar = eigenaar or cast.vp
    defaults = {
        "onderdeel": onderdeel_van(org),
        "soort_contact": "melding",
        "onderwerpen": onderwerpen_van(org, 2),
        "eerste_contact": timezone.localdate() - datetime.timedelta(days=10),
        "hulpvragen": ["informatie", "uiten"],
        "verwijzingen": ["bedrijfsarts"],
    }
    defaults.update(kwargs)
    return services.dossier_create(organisatie=org, eigenaar=eigenaar, **defaults)


class GesprekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gesprek

    datum = factory.LazyAttribute(lambda o: o.dossier.eerste_contact)
    vorm = "fysiek"
    duur_minuten = 45
    notitie = factory.Sequence(lambda n: f"Synthetische notitie {n}")
    gevoerd_door = factory.LazyAttribute(lambda o: o.dossier.eigenaar)


class ActiviteitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activiteit

    soort = "voorlichting"
    datum = factory.LazyFunction(timezone.localdate)
    uren = 2
    deelnemers = 12
    omschrijving = "Voorlichting voor een team"


class SignaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signaal

    datum = factory.LazyFunction(timezone.localdate)
    thema = "Werkdruk en omgangsvormen"
    aan = "directie"


def met_oud_kenmerk(dossier) -> str:
    """Makes `dossier` one numbered before kenmerken counted per year, as migration 0007 leaves such a dossier:
    kenmerk VP-<year>-<id>, the id as its number, and the year's counter past it."""
    from vertrouwenspersonen.models import Dossier, KenmerkTeller

    oud = f"VP-{dossier.eerste_contact.year}-{dossier.pk}"
    Dossier.objects.filter(pk=dossier.pk).update(kenmerk=oud, volgnummer=dossier.pk)
    teller = KenmerkTeller.objects.get(organisatie_id=dossier.organisatie_id, jaar=dossier.jaar)
    KenmerkTeller.objects.filter(pk=teller.pk).update(laatste=max(teller.laatste, dossier.pk))
    dossier.refresh_from_db()
    return oud
