"""Jaarverslag: authors (VPs and the coordinator) draft; the rapportagelezer reads adopted reports only.

The outsider is VP and coordinator of another organisation: the list, "nieuw" and (as coordinator) the
settings page open for them, scoped to their own organisation; no report of Voorbeeldstad ever does.
Adopting defaults to the coordinator (Rapportinstelling). No PDF is rendered here: the adopted report gets
its figures from compute_figures (cheap on an empty register) and a small stand-in file.
"""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.matrix import Case, allowed

AUTHORS = allowed("vp", "vp2", "coordinator")
READERS = allowed("vp", "vp2", "coordinator", "lezer")


# The URL namespaces (or names without one) this module holds the cases of.
NAAMRUIMTEN = ("reports",)


def cases(cast) -> dict[str, Case]:
    from reports import services
    from reports.figures import compute_figures
    from reports.models import Jaarverslag, JaarverslagStatus, Rapportbestand

    concept = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    vastgesteld = Jaarverslag.objects.create(
        organisatie=cast.org, jaar=2024, versie=1, status=JaarverslagStatus.VASTGESTELD, aangemaakt_door=cast.coordinator,
        cijfers=compute_figures(cast.org, 2024), vastgesteld_op=timezone.now(), vastgesteld_door=cast.coordinator,
    )
    data = b"%PDF-1.7 stand-in"
    bestand = Rapportbestand(jaarverslag=vastgesteld, formaat="pdf", sha256=hashlib.sha256(data).hexdigest(),
                             grootte=len(data))
    bestand.bestand.save("pdf", ContentFile(data), save=True)
    c = {"pk": concept.pk}
    v = {"pk": vastgesteld.pk}
    return {
        "reports:lijst": Case(allowed=READERS | {"outsider"}),
        "reports:nieuw": Case(allowed=AUTHORS | {"outsider"}, post_only=True),
        "reports:instellingen": Case(allowed=allowed("coordinator", "outsider")),
        "reports:detail": Case(kwargs=c, allowed=AUTHORS),
        "reports:bewerken": Case(kwargs=c, allowed=AUTHORS),
        "reports:genereren": Case(kwargs=c, allowed=AUTHORS, post_only=True),
        "reports:status": Case(kwargs=c, allowed=AUTHORS),
        "reports:voorbeeld": Case(kwargs=v, allowed=READERS),
        "reports:vaststellen": Case(kwargs=c, allowed=allowed("coordinator")),
        "reports:correctie": Case(kwargs=v, allowed=AUTHORS, post_only=True),
        "reports:delen": Case(kwargs=c, allowed=AUTHORS),
        "reports:download": Case(kwargs={**v, "formaat": "pdf"}, allowed=READERS),
    }
