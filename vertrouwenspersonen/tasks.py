"""Celery tasks of the VP register: thin wrappers around services, with no case content as arguments."""

from celery import shared_task

from vertrouwenspersonen.services import verlopen_deelrechten_opruimen


@shared_task(name="vertrouwenspersonen.verlopen_deelrechten_opruimen", max_retries=3)
def deelrechten_opruimen() -> int:
    """Daily tidy-up: deletes expired share grants. They already stopped working on their end date."""
    return verlopen_deelrechten_opruimen()
