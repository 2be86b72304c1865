import datetime
import threading

import pytest
from django.db import connection, connections

from tests.meldingen.factories import MeldingFactory


@pytest.mark.django_db(transaction=True)
def test_it_hands_out_unique_consecutive_kenmerken_under_concurrent_creation(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL.")
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def create():
        try:
            barrier.wait()
            MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 4, 1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    from meldingen.models import Melding

    assert sorted(Melding.objects.values_list("kenmerk", flat=True)) == [f"2025-{n:03d}" for n in range(1, 7)]
