"""The sweep of unconfirmed uploads runs on every upload and hourly: it must stay cheap and idempotent."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uitwisseling.models import ImportBestand, verlopen_uploads_opruimen

pytestmark = pytest.mark.django_db


def _upload(cast, uren: int) -> ImportBestand:
    data = b"kenmerk\nM1\n"
    bestand = ImportBestand(organisatie=cast.org, gebruiker=cast.vp, register="vertrouwenspersonen",
                            bestandsnaam="x.csv", sha256=hashlib.sha256(data).hexdigest())
    bestand.bestand.save("upload", ContentFile(data), save=False)
    bestand.save()
    ImportBestand.objects.filter(pk=bestand.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(hours=uren))
    return bestand


def _queries(functie) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        uitkomst = functie()
    return uitkomst, len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"].upper()])


def test_nothing_expired_costs_one_query(cast):
    _upload(cast, 1)
    assert _queries(verlopen_uploads_opruimen) == (0, 1)


def test_the_cost_does_not_grow_with_the_number_of_expired_uploads(cast):
    twee = [_upload(cast, 25) for _ in range(2)]
    _n, kosten_twee = _queries(verlopen_uploads_opruimen)
    acht = [_upload(cast, 30) for _ in range(8)]
    nieuw = _upload(cast, 1)
    n, kosten_acht = _queries(verlopen_uploads_opruimen)
    assert n == 8 and kosten_acht == kosten_twee <= 3
    assert list(ImportBestand.objects.values_list("pk", flat=True)) == [nieuw.pk]
    assert not any(b.bestand.storage.exists(b.bestand.name) for b in twee + acht)
    assert nieuw.bestand.storage.exists(nieuw.bestand.name)


def test_running_again_removes_and_counts_nothing(cast):
    oud = _upload(cast, 25)
    assert verlopen_uploads_opruimen() == 1
    assert _queries(verlopen_uploads_opruimen) == (0, 1)
    assert not ImportBestand.objects.exists() and not oud.bestand.storage.exists(oud.bestand.name)


def test_the_hourly_task_removes_unconfirmed_uploads_after_24_hours(cast):
    from uitwisseling.tasks import uploads_opruimen

    oud, nieuw = _upload(cast, 25), _upload(cast, 1)
    assert uploads_opruimen.delay().get() == 1
    assert list(ImportBestand.objects.values_list("pk", flat=True)) == [nieuw.pk]
    assert not oud.bestand.storage.exists(oud.bestand.name)
