"""Loading the category presets into an organisation."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Indeling, Organisatie, User
from taxonomie import presets
from taxonomie.models import Aard, Categorie, Soort

# Presets are valid from long before any register so imported history fits in.
PRESET_VALID_FROM = datetime.date(2000, 1, 1)


def _add(organisatie, soort, label, volgorde, parent=None, aard=Aard.GEEN) -> Categorie:
    code = presets.code_for(label if parent is None else f"{parent.code}-{label}")
    categorie, _ = Categorie.objects.get_or_create(
        organisatie=organisatie,
        soort=soort,
        code=code,
        defaults={"label": label, "volgorde": volgorde, "parent": parent, "geldig_van": PRESET_VALID_FROM,
                  "aard": aard},
    )
    return categorie


@transaction.atomic
def load_presets(organisatie: Organisatie) -> int:
    """Idempotent: adds the missing preset categories for the organisation's chosen integrity preset."""
    before = Categorie.objects.filter(organisatie=organisatie).count()
    for volgorde, (label, children) in enumerate(presets.VP_ONDERWERPEN, start=1):
        parent = _add(organisatie, Soort.VP_ONDERWERP, label, volgorde * 10, aard=presets.vp_aard(label))
        for sub_volgorde, child in enumerate(children, start=1):
            _add(organisatie, Soort.VP_ONDERWERP, child, volgorde * 10 + sub_volgorde, parent=parent,
                 aard=presets.vp_aard(child, label))
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


@transaction.atomic
def vp_aard_wijzigen(*, organisatie: Organisatie, aarden: dict[int, str], door: User, request=None) -> list[int]:
    """Sets the aard of the organisation's VP onderwerpen ({category id: aard}); returns the ids that changed.

    Refuses (and changes nothing) an unknown aard or a category that is not a VP onderwerp of the organisation.
    Concepts of the jaarverslag count by the new aard when generated again; adopted reports stay as they are.
    """
    categorieen = {c.pk: c for c in Categorie.objects.select_for_update().van(organisatie, Soort.VP_ONDERWERP)
                   .filter(pk__in=list(aarden))}
    if set(aarden) - set(categorieen):
        raise ValidationError(_("Kies alleen onderwerpen van de vertrouwenspersonen van deze organisatie."))
    if set(aarden.values()) - set(Aard.values):
        raise ValidationError(_("Kies voor elk onderwerp ongewenst gedrag, integriteit of geen van beide."))
    gewijzigd = []
    for pk, aard in sorted(aarden.items()):
        categorie = categorieen[pk]
        if categorie.aard != aard:
            van = categorie.aard
            categorie.aard = aard
            categorie.full_clean()
            categorie.save(update_fields=["aard"])
            audit("categorie_aard_gewijzigd", gebruiker=door, organisatie=organisatie, obj=categorie,
                  request=request, details={"van": van, "naar": aard})
            gewijzigd.append(pk)
    return gewijzigd
