"""What retention wipes in the VP register: the register decides, the daily retention run (bewaren/) calls it."""

import datetime

from vertrouwenspersonen.models import Activiteit, Dossier, DossierUserObjectPermission, Gesprek, Signaal


def dossier_vernietigen(dossier: Dossier, nu: datetime.datetime) -> int:
    """Removes the dossier's note, the gesprek notes and every share; the structured facts stay (the gesprek rows
    with date, form and duration count in the report). Called under the caller's lock on the dossier row."""
    Gesprek.objects.filter(dossier=dossier).update(notitie="")
    DossierUserObjectPermission.objects.filter(content_object=dossier).delete()
    Dossier.objects.filter(pk=dossier.pk).update(notitie="", verlenging_reden="", vernietigd_op=nu)
    return 0


# The free text of the VPs' own records (they are not cases and never close): what `vrije_tekst_wissen` blanks.
VRIJE_TEKST = ((Activiteit, "omschrijving"), (Signaal, "thema"))


def organisaties_met_vrije_tekst() -> set[int]:
    ids: set[int] = set()
    for model, veld in VRIJE_TEKST:
        ids |= set(model.objects.exclude(**{veld: ""}).values_list("organisatie_id", flat=True).distinct())
    return ids


def vrije_tekst_wissen(organisatie, *, voor: datetime.date) -> dict[str, int]:
    """Blanks the free text of the organisation's activiteiten and signalen dated before `voor`; per kind, how many."""
    return {
        model._meta.model_name: model.objects.filter(organisatie=organisatie, datum__lt=voor)
        .exclude(**{veld: ""}).update(**{veld: ""})
        for model, veld in VRIJE_TEKST
    }
