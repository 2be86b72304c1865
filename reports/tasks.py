"""Thin Celery task: load the run, call the service, mark it failed with a generic message on any error."""

import logging

from celery import shared_task

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
    except Exception as exc:
        # Ids and the type only: the message and the traceback's local values could quote data. The UI shows a
        # generic text and a retry button.
        logger.error("Jaarverslag generation %s failed: %s", generatie_id, type(exc).__name__)
        services.generatie_mislukt(generatie_id=generatie_id)
        return "mislukt"
    return "klaar"
