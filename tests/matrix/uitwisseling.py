"""Matrix cases for import/export: coordinators and VPs reach the page (the outsider is both in Anderstad, so
the page opens there for their own organisation); a pending upload is reachable only by its uploader."""

import hashlib

from django.core.files.base import ContentFile

from tests.matrix import Case, allowed

ROW = "kenmerk,datum_eerste_contact,onderwerpen,organisatieonderdeel\nM1,2023-03-01,pesten,Ruimte\n"


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("uitwisseling",)


def cases(cast) -> dict[str, Case]:
    from uitwisseling.models import ImportBestand

    data = ROW.encode()
    bestand = ImportBestand(organisatie=cast.org, gebruiker=cast.vp, register="vertrouwenspersonen",
                            bestandsnaam="matrix.csv", sha256=hashlib.sha256(data).hexdigest())
    bestand.bestand.save("matrix", ContentFile(data), save=False)
    bestand.save()
    eigen = allowed("vp", "vp2", "coordinator", "outsider")
    return {
        "uitwisseling:index": Case(allowed=eigen),
        "uitwisseling:importeren": Case(allowed=eigen, post_only=True),
        "uitwisseling:controle": Case(kwargs={"pk": bestand.pk}, allowed=allowed("vp")),
        "uitwisseling:bevestigen": Case(kwargs={"pk": bestand.pk}, allowed=allowed("vp"), post_only=True),
        "uitwisseling:exporteren": Case(allowed=eigen, query="formaat=csv"),
    }
