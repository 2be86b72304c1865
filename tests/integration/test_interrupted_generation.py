"""A real Celery worker killed in the middle of a jaarverslag run: the page soon says the run was interrupted,
the previous files are still there, and a new run starts.

The worker's PDF renderer blocks until released (tests/reports/blocking_pdf.py), so the run is busy, with its
heartbeat thread beating, for as long as the test needs; then the worker's process group gets SIGKILL, as the
kernel's out-of-memory killer or a hard restart would do.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from reports import services
from reports.models import Generatie, GeneratieStatus
from tests.integration.conftest import (
    REPO,
    celery_broker,
    database_url,
    redis_up,
    redis_url,
    require_postgresql,
)

BROKER = redis_url(11)  # a database of its own (see tests/integration/conftest.py)
HEARTBEAT_SECONDS = 1
STALLED_AFTER_SECONDS = 6


def _wait_for(condition, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout} s")


def _start_worker(tmp_path: Path) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "JAARVERSLAG_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
        "JAARVERSLAG_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JAARVERSLAG_TEST_INSIDE": str(tmp_path / "inside"),
        "JAARVERSLAG_TEST_RELEASE": str(tmp_path / "release"),
    }
    log = (tmp_path / "worker.log").open("w")
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "-n", f"interrupted-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so SIGKILL reaches every process of the worker
    )


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_an_interrupted_run_the_old_files_and_room_for_a_new_run(
        cast, client_for, tmp_path, settings):
    require_postgresql()
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {BROKER} in CI")
        pytest.skip(f"Needs Redis at {BROKER}")
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # no task left over from an earlier run of this test
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = STALLED_AFTER_SECONDS
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    services.generatie_start(jaarverslag=jv, door=cast.coordinator)  # eager, in this process: the files to keep
    old = dict(jv.bestanden.values_list("formaat", "bestand"))
    assert set(old) == {"pdf", "docx", "xlsx", "json"}

    client = client_for(cast.coordinator)
    status_url = reverse("reports:status", args=[jv.pk])
    worker = _start_worker(tmp_path)
    try:
        with celery_broker(BROKER):
            response = client.post(reverse("reports:genereren", args=[jv.pk]), follow=True)
        assert "Het genereren is gestart" in response.content.decode()
        run = Generatie.objects.filter(jaarverslag=jv).first()

        _wait_for(lambda: (tmp_path / "inside").exists() or worker.poll() is not None, "the worker inside the PDF", 90)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]

        # While the worker lives, its heartbeat keeps the run alive well past the threshold.
        def alive_past_the_threshold():
            state = client.get(status_url).json()
            assert state["status"] == "bezig", state
            run.refresh_from_db()
            return (run.hartslag_op is not None
                    and run.hartslag_op - run.gestart_op > datetime.timedelta(seconds=STALLED_AFTER_SECONDS + 1))

        _wait_for(alive_past_the_threshold, "a heartbeat past the threshold", STALLED_AFTER_SECONDS + 60)

        _kill(worker)

        def failed():
            state = client.get(status_url).json()
            return state if state["klaar"] else None

        state = _wait_for(failed, "the run reported as failed", STALLED_AFTER_SECONDS + 60)
        assert state["status"] == "mislukt", state
        assert state["foutmelding"].startswith("Het genereren is onderbroken"), state
        assert "De vorige bestanden zijn bewaard." in state["foutmelding"]
    finally:
        _kill(worker)

    assert dict(jv.bestanden.values_list("formaat", "bestand")) == old
    assert all(default_storage.exists(name) for name in old.values())
    page = client.get(reverse("reports:detail", args=[jv.pk])).content.decode()
    assert "Het genereren is onderbroken" in page and "Opnieuw proberen" in page

    retry = services.generatie_start(jaarverslag=jv, door=cast.coordinator)  # eager again
    retry.refresh_from_db()
    assert retry.pk != run.pk and retry.status == GeneratieStatus.KLAAR
