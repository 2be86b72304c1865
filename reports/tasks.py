"""Thin Celery task: load the run, call the service, mark it failed with a generic message on any error."""

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(name="reports.genereer_jaarverslag")
def genereer_jaarverslag(generatie_id: int) -> str:
    from reports import services
    from reports.models import Generatie, GeneratieStatus

    generatie = Generatie.objects.select_related("jaarverslag__organisatie").filter(pk=generatie_id).first()
    if generatie is None or generatie.status != GeneratieStatus.WACHTRIJ:
        return "overgeslagen"
    try:
        services.genereer(generatie=generatie)
    except services.GeneratieAfgebroken:
        # Marked failed meanwhile (taken for dead, or timed out in the queue): that failure stands.
        logger.warning("Jaarverslag generation %s was no longer running; its result is dropped", generatie_id)
        return "afgebroken"
    except Exception as exc:
        # Ids and the type only: the message and the traceback's local values could quote data. The UI shows a
        # generic text and a retry button.
        logger.error("Jaarverslag generation %s failed: %s", generatie_id, type(exc).__name__)
        services.generatie_mislukt(generatie_id=generatie_id)
        return "mislukt"
    return "klaar"


def in_wachtrij(generatie_id: int) -> None:
    """Publishes the run's task, or raises kombu's OperationalError when the broker cannot be reached in time.

    It runs right after the request's commit, so the user waits for it: a connection of its own with a short
    timeout per try (`connect_timeout` for AMQP; Redis only honours the socket timeouts of its transport options,
    and without them waits for the operating system, or for ever on a broker that accepts but never answers) and
    few retries, instead of Celery's defaults. Without a broker configured the task runs in-process, as before.
    """
    timeout = settings.JAARVERSLAG_PUBLISH_TIMEOUT_SECONDS
    app = genereer_jaarverslag.app
    with app.connection_for_write(connect_timeout=timeout, transport_options={
        "socket_connect_timeout": timeout, "socket_timeout": timeout,
    }) as verbinding:
        genereer_jaarverslag.apply_async((generatie_id,), connection=verbinding, retry_policy={
            "max_retries": settings.JAARVERSLAG_PUBLISH_RETRIES,
            "interval_start": 0, "interval_step": 0.5, "interval_max": 1,
        })
