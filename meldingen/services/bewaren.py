"""What destroying a formal melding wipes: the register decides, the daily retention run (bewaren/) calls it."""

import datetime
from functools import partial

from django.db import models, transaction

from meldingen.models import (
    Bijlage,
    Feitenonderzoek,
    FeitenonderzoekUserObjectPermission,
    LogboekRegel,
    Melding,
    StatusWijziging,
)


def melding_vernietigen(melding: Melding, nu: datetime.datetime) -> int:
    """Removes every free text, identity, note, attachment and grant of a melding; keeps its structured facts
    (dates, categories, betrokkenen, measures, the status transitions), so past jaarverslagen stay the same.

    Called under the lock the caller took on the melding row. Returns the number of files removed.
    """
    LogboekRegel.objects.filter(melding=melding).delete()
    bestanden = 0
    for bijlage in Bijlage.objects.filter(melding=melding):
        # The file goes only once the rows are gone for good: if this transaction rolls back, the record and
        # its files are still together and the next daily run tries again.
        transaction.on_commit(partial(bijlage.bestand.storage.delete, bijlage.bestand.name))
        bijlage.delete()
        bestanden += 1
    Feitenonderzoek.objects.filter(melding=melding).update(conclusie="", opdrachtgever="", bureau="")
    FeitenonderzoekUserObjectPermission.objects.filter(content_object__melding=melding).delete()
    # The status history is append-only for the application; destruction is the one path allowed to blank
    # its free-text reasons (the transitions and their times stay, the report counts them).
    models.QuerySet.update(StatusWijziging.objects.filter(melding=melding), reden="")
    Melding.objects.filter(pk=melding.pk).update(
        omschrijving="", melder_identiteit="", organisatorische_maatregelen="", verlenging_reden="", vernietigd_op=nu
    )
    return bestanden
