"""The heartbeat of a busy generation run: proof that its worker is still alive, also during a long render.

A worker that is killed (out of memory, a hard restart) cannot say so; its run would stay "bezig". The run
therefore carries `hartslag_op`: written at every step and, while a step runs, by a background thread every
JAARVERSLAG_HEARTBEAT_SECONDS. services.vastgelopen_opruimen takes a busy run without a recent beat for dead.
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def klop(generatie_id: int, **velden) -> int:
    """One beat (with any other fields of the run to write). Only a busy run: a failed one stays failed."""
    from reports.models import Generatie, GeneratieStatus

    return Generatie.objects.filter(pk=generatie_id, status=GeneratieStatus.BEZIG).update(
        hartslag_op=timezone.now(), **velden)


@contextmanager
def hartslag(generatie_id: int):
    """Beats in a background thread for as long as the block runs."""
    stop = threading.Event()
    thread = threading.Thread(target=_kloppen, args=(generatie_id, stop, settings.JAARVERSLAG_HEARTBEAT_SECONDS),
                              name=f"hartslag-{generatie_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _kloppen(generatie_id: int, stop: threading.Event, interval: int) -> None:
    try:
        while not stop.wait(interval):
            try:
                klop(generatie_id)
            except DatabaseError as exc:
                # The next beat tries again; a run that cannot beat for long is rightly taken for dead.
                logger.warning("Heartbeat of jaarverslag generation %s not written: %s", generatie_id,
                               type(exc).__name__)
    finally:
        connection.close()  # this thread's own connection
