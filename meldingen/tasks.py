"""Celery tasks of the meldingenregister: thin wrappers around services, with no case content as arguments."""

from celery import shared_task

from meldingen.services.herinneringen import (
    termijnherinneringen_versturen,
    terugkoppeling_starten_zonder_bevestiging,
)


@shared_task(name="meldingen.termijnherinneringen", autoretry_for=(ConnectionError,), max_retries=3,
             retry_backoff=True)
def termijnherinneringen() -> int:
    """Daily: starts fallback deadlines, then e-mails each coordinator how many deadlines are due soon or overdue
    (a count and a link only). Returns the number of e-mails sent."""
    terugkoppeling_starten_zonder_bevestiging()
    return termijnherinneringen_versturen()
