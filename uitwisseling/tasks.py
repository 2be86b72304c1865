"""The importer's own housekeeping. Thin: no arguments, no content through the broker."""

from celery import shared_task

from uitwisseling.models import verlopen_uploads_opruimen


@shared_task(name="uitwisseling.uploads_opruimen")
def uploads_opruimen() -> int:
    """Checked-but-unconfirmed encrypted uploads go after their 24 hours, also when nobody uploads again."""
    return verlopen_uploads_opruimen()
