"""Liveness and readiness for the load balancer and the container runtime.

Both answer anonymous callers with a status code and one word: no version, no names, no reason. Why a readiness
check failed goes to the log (check name and exception type), where the operator reads it. Probes are not behind
the login or the second factor, create no session (nothing is stored in it) and write no audit entry: a probe
every few seconds would otherwise flood both.
"""

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_GET
def liveness_view(request):
    """The process answers. Deliberately touches nothing else: a database outage must not get web processes
    restarted by an orchestrator, it only takes them out of the load balancer (readiness)."""
    return _plain(200, "ok")


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")


def check_broker() -> None:
    """Only when a broker is configured: without one, tasks run in-process and there is nothing to reach."""
    if not settings.CELERY_BROKER_URL:
        return
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def check_media() -> None:
    """Write, read back and remove a small probe file through the (encrypting) media storage, whatever backs it."""
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(f"gereedheid/{uuid.uuid4().hex}", ContentFile(payload))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != payload:
                raise RuntimeError("media probe read back differently")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "broker": check_broker, "media": check_media}


def failed_checks() -> list[str]:
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; its type goes to the log
            logger.warning("readiness check failed", extra={"check": name, "error": type(exc).__name__})
            failed.append(name)
    return failed


@login_not_required
@never_cache
@require_GET
def readiness_view(request):
    """Ready to serve: database reachable with every migration applied, broker reachable (when configured),
    media storage writable and readable. 503 otherwise, so the load balancer sends traffic elsewhere."""
    if failed_checks():
        return _plain(503, "niet gereed")
    return _plain(200, "gereed")
