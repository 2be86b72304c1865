"""Loading the category presets into an organisation."""

import datetime

from django.db import transaction

from accounts.models import Indeling, Organisatie
from taxonomie import presets
from taxonomie.models import Categorie, Soort

# Presets are valid from long before any register so imported history fits in.
PRESET_VALID_FROM = datetime.date(2000, 1, 1)


def _add(organisatie, soort, label, volgorde, parent=None) -> Categorie:
    code = presets.code_for(label if parent is None else f"{parent.code}-{label}")
    categorie, _ = Categorie.objects.get_or_create(
        organisatie=organisatie,
        soort=soort,
        code=code,
        defaults={"label": label, "volgorde": volgorde, "parent": parent, "geldig_van": PRESET_VALID_FROM},
    )
    return categorie


@transaction.atomic
def load_presets(organisatie: Organisatie) -> int:
    """Idempotent: adds the missing preset categories for the organisation's chosen integrity preset."""
    before = Categorie.objects.filter(organisatie=organisatie).count()
    for volgorde, (label, children) in enumerate(presets.VP_ONDERWERPEN, start=1):
        parent = _add(organisatie, Soort.VP_ONDERWERP, label, volgorde * 10)
        for sub_volgorde, child in enumerate(children, start=1):
            _add(organisatie, Soort.VP_ONDERWERP, child, volgorde * 10 + sub_volgorde, parent=parent)
    integrity = (
        presets.INTEGRITEIT_RIJK if organisatie.indeling == Indeling.RIJK else presets.INTEGRITEIT_GEDRAGSCODE
    )
    for volgorde, label in enumerate(integrity, start=1):
        _add(organisatie, Soort.INTEGRITEIT_ONDERWERP, label, volgorde)
    for volgorde, label in enumerate(presets.BEVINDINGEN, start=1):
        _add(organisatie, Soort.BEVINDING, label, volgorde)
    for volgorde, label in enumerate(presets.MAATREGELEN, start=1):
        _add(organisatie, Soort.MAATREGEL, label, volgorde)
    return Categorie.objects.filter(organisatie=organisatie).count() - before
