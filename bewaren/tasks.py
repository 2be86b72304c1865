"""The daily retention run. Thin: no arguments, no content through the broker."""

from celery import shared_task

from bewaren import services


@shared_task(name="bewaren.dagelijks", autoretry_for=(ConnectionError,), max_retries=3, retry_backoff=True)
def dagelijks() -> dict:
    """Destroys what is due, then notifies owners 30 days ahead (a count and a link)."""
    return services.dagelijks()
