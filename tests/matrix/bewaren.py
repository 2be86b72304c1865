"""Retention screens: the beheerder's terms and destruction log; extension by the record's owner only."""

import datetime

from django.utils import timezone

from tests.matrix import Case, allowed

# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("bewaren",)


def cases(cast) -> dict[str, Case]:
    from accounts.models import Organisatieonderdeel
    from meldingen import services as mservices
    from taxonomie.models import Categorie, Soort
    from vertrouwenspersonen import services

    today = timezone.localdate()
    dossier = services.dossier_create(
        organisatie=cast.org, eigenaar=cast.vp,
        onderdeel=Organisatieonderdeel.objects.filter(organisatie=cast.org).order_by("naam").first(),
        soort_contact="melding", onderwerpen=[Categorie.objects.van(cast.org, "vp_onderwerp").first()],
        eerste_contact=today - datetime.timedelta(days=3),
    )
    services.dossier_afsluiten(dossier=dossier, datum=today, door=cast.vp)
    melding = mservices.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=today, kanaal="coordinator", bron="intern",
        spoor="integriteit", onderwerp=Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first(),
        omschrijving="Synthetisch",
    )
    return {
        "bewaren:beheer": Case(allowed=allowed("beheerder")),
        "bewaren:dossier_verlengen": Case(kwargs={"pk": dossier.pk}, allowed=allowed("vp")),
        "bewaren:melding_verlengen": Case(kwargs={"pk": melding.pk}, allowed=allowed("coordinator")),
    }
