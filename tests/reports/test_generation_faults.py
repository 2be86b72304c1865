"""Generation runs that cannot start end as a clear failure, never a 500 or a run stuck in the queue.

The broker tests use real kombu against a broker that is not there: a closed port (connection refused) and a
port that accepts connections but never answers (a hung Redis, or a firewall that lets the handshake through).
"""

import socket
import threading

import pytest
from django.urls import reverse

from accounts.audit import AuditEntry
from reports import services
from reports.models import Generatie, GeneratieStatus
from tests.integration.conftest import celery_broker, free_port

NIET_GESTART = "Het genereren kon niet worden gestart"
# Generous: the enqueue gives up after about a second here; without its limits it waits for ever.
DEADLINE_SECONDS = 30


@pytest.fixture
def jv(cast):
    return services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)


class SilentBroker:
    """A port that completes the TCP handshake (the kernel does that) but never reads or answers."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = f"redis://127.0.0.1:{self.socket.getsockname()[1]}/0"
        self.cut_off = threading.Event()
        # A deadline, not the pass condition: should the enqueue hang, closing the port resets its connection, so
        # the test fails on `cut_off` instead of hanging the suite.
        self._timer = threading.Timer(DEADLINE_SECONDS, self._cut_off)
        self._timer.daemon = True
        self._timer.start()

    def _cut_off(self):
        self.cut_off.set()
        self.socket.close()

    def close(self):
        self._timer.cancel()
        self.socket.close()


@pytest.fixture(params=["closed_port", "silent_port"])
def dead_broker(request, settings):
    settings.JAARVERSLAG_PUBLISH_TIMEOUT_SECONDS = 1
    settings.JAARVERSLAG_PUBLISH_RETRIES = 0
    if request.param == "closed_port":
        with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
            yield None
        return
    silent = SilentBroker()
    try:
        with celery_broker(silent.url):
            yield silent
    finally:
        silent.close()


def _start(client, jv, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:genereren", args=[jv.pk]), follow=True)


@pytest.mark.django_db(transaction=True)  # the enqueue runs on the view's own commit, before it answers
def test_an_unreachable_broker_fails_the_run_at_once_with_a_dutch_message(cast, jv, client_for, dead_broker):
    response = client_for(cast.coordinator).post(reverse("reports:genereren", args=[jv.pk]), follow=True)
    assert dead_broker is None or not dead_broker.cut_off.is_set(), "the enqueue waited until the test cut it off"
    assert response.status_code == 200
    page = response.content.decode()
    assert NIET_GESTART in page and "Probeer het" in page
    assert "Het genereren is gestart" not in page
    assert "Opnieuw proberen" in page, "the page offers a new try straight away"
    run = Generatie.objects.get(jaarverslag=jv)
    assert run.status == GeneratieStatus.MISLUKT and run.foutmelding.startswith(NIET_GESTART)
    entry = AuditEntry.objects.get(actie="jaarverslag_generatie_niet_gestart")
    assert entry.details == {"generatie_id": run.pk}


def test_after_a_failed_start_the_next_click_makes_a_new_run(
        cast, jv, client_for, dead_broker, django_capture_on_commit_callbacks):
    client = client_for(cast.coordinator)
    _start(client, jv, django_capture_on_commit_callbacks)
    _start(client, jv, django_capture_on_commit_callbacks)
    runs = list(Generatie.objects.filter(jaarverslag=jv))
    assert len(runs) == 2 and all(r.status == GeneratieStatus.MISLUKT for r in runs)


def test_the_status_json_reports_the_failed_start(cast, jv, client_for, dead_broker,
                                                  django_capture_on_commit_callbacks):
    client = client_for(cast.coordinator)
    _start(client, jv, django_capture_on_commit_callbacks)
    state = client.get(reverse("reports:status", args=[jv.pk])).json()
    assert state["status"] == "mislukt" and state["klaar"] and not state["gelukt"]
    assert state["foutmelding"].startswith(NIET_GESTART)


def test_without_a_broker_the_run_still_happens_in_process(cast, jv, client_for,
                                                           django_capture_on_commit_callbacks):
    with celery_broker(None):
        response = _start(client_for(cast.coordinator), jv, django_capture_on_commit_callbacks)
    assert "Het genereren is gestart" in response.content.decode()
    run = Generatie.objects.get(jaarverslag=jv)
    assert run.status == GeneratieStatus.KLAAR
    assert set(jv.bestanden.values_list("formaat", flat=True)) == {"pdf", "docx", "xlsx", "json"}
