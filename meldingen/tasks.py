"""Celery tasks of the meldingenregister: thin wrappers around services, with no case content as arguments."""

from celery import shared_task

from meldingen.services.herinneringen import termijnherinneringen_versturen


@shared_task(name="meldingen.termijnherinneringen", autoretry_for=(ConnectionError,), max_retries=3,
             retry_backoff=True)
def termijnherinneringen() -> int:
    """Daily: e-mails each coordinator how many deadlines are due soon or overdue (count + link only)."""
    return termijnherinneringen_versturen()
