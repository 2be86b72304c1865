"""Generation runs that cannot start or that lose their worker end as a clear failure, never a stuck state.

The broker tests use real kombu against a broker that is not there: a closed port (connection refused) and a
port that accepts connections but never answers (a hung Redis, or a firewall that lets the handshake through).
"""

import datetime
import socket
import threading

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from accounts.audit import AuditEntry
from reports import services
from reports.models import Generatie, GeneratieStatus
from tests.integration.conftest import celery_broker, free_port

NIET_GESTART = "Het genereren kon niet worden gestart"
ONDERBROKEN = "Het genereren is onderbroken"
BEWAARD = "De vorige bestanden zijn bewaard."
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


# A worker that dies mid-run (killed, out of memory, restarted) stops the run's heartbeat. The real worker is
# killed in tests/integration/test_interrupted_generation.py; here the heartbeat's age is set directly.


def _generated(jv, user, django_capture_on_commit_callbacks) -> dict[str, str]:
    with django_capture_on_commit_callbacks(execute=True):
        services.generatie_start(jaarverslag=jv, door=user)
    return dict(jv.bestanden.values_list("formaat", "bestand"))


def _busy_run(jv, user, *, last_beat_seconds_ago: int) -> Generatie:
    run = Generatie.objects.create(jaarverslag=jv, aangevraagd_door=user)
    beat = timezone.now() - datetime.timedelta(seconds=last_beat_seconds_ago)
    Generatie.objects.filter(pk=run.pk).update(status=GeneratieStatus.BEZIG, gestart_op=beat, hartslag_op=beat,
                                               stap="pdf", voortgang=15)
    return run


def test_a_busy_run_without_a_heartbeat_is_reported_interrupted_and_keeps_the_old_files(
        cast, jv, client_for, settings, django_capture_on_commit_callbacks):
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 120
    old = _generated(jv, cast.coordinator, django_capture_on_commit_callbacks)
    run = _busy_run(jv, cast.coordinator, last_beat_seconds_ago=121)
    client = client_for(cast.coordinator)
    state = client.get(reverse("reports:status", args=[jv.pk])).json()
    assert state["status"] == "mislukt" and state["klaar"]
    assert state["foutmelding"].startswith(ONDERBROKEN) and BEWAARD in state["foutmelding"]
    assert dict(jv.bestanden.values_list("formaat", "bestand")) == old
    assert all(default_storage.exists(name) for name in old.values())
    page = client.get(reverse("reports:detail", args=[jv.pk])).content.decode()
    assert ONDERBROKEN in page and BEWAARD in page and "Opnieuw proberen" in page
    assert AuditEntry.objects.filter(actie="jaarverslag_generatie_onderbroken",
                                     details__generatie_id=run.pk).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        retry = services.generatie_start(jaarverslag=jv, door=cast.coordinator)
    retry.refresh_from_db()
    assert retry.pk != run.pk and retry.status == GeneratieStatus.KLAAR


def test_a_first_run_that_was_interrupted_does_not_mention_earlier_files(cast, jv, client_for, settings):
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 120
    _busy_run(jv, cast.coordinator, last_beat_seconds_ago=121)
    state = client_for(cast.coordinator).get(reverse("reports:status", args=[jv.pk])).json()
    assert state["foutmelding"].startswith(ONDERBROKEN) and BEWAARD not in state["foutmelding"]


def test_a_busy_run_with_a_recent_heartbeat_is_left_alone(cast, jv, client_for, settings):
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 120
    run = _busy_run(jv, cast.coordinator, last_beat_seconds_ago=100)
    state = client_for(cast.coordinator).get(reverse("reports:status", args=[jv.pk])).json()
    assert state["status"] == "bezig" and not state["klaar"]
    assert services.generatie_start(jaarverslag=jv, door=cast.coordinator).pk == run.pk


def test_a_queued_run_keeps_the_queue_timeout(cast, jv, settings):
    """A run still in the queue has no worker and no heartbeat yet; at year end it may wait behind many others."""
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 120
    settings.JAARVERSLAG_QUEUE_TIMEOUT_MINUTES = 30
    run = Generatie.objects.create(jaarverslag=jv, aangevraagd_door=cast.coordinator)
    Generatie.objects.filter(pk=run.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(minutes=29))
    assert services.lopende_generatie(jv).pk == run.pk
    Generatie.objects.filter(pk=run.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(minutes=31))
    assert services.lopende_generatie(jv) is None
    run.refresh_from_db()
    assert run.status == GeneratieStatus.MISLUKT and run.foutmelding


def test_a_run_taken_for_dead_that_finishes_after_all_does_not_replace_the_files(
        cast, jv, monkeypatch, settings, django_capture_on_commit_callbacks):
    """Its worker was only slow (the database was away longer than the threshold): the failure stands."""
    old = _generated(jv, cast.coordinator, django_capture_on_commit_callbacks)
    from reports import render

    real_docx = render.RENDERERS["docx"]

    def docx_after_being_taken_for_dead(jaarverslag, cijfers):
        settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 0
        Generatie.objects.filter(status=GeneratieStatus.BEZIG).update(
            hartslag_op=timezone.now() - datetime.timedelta(seconds=5))
        services.vastgelopen_opruimen(jaarverslag)
        return real_docx(jaarverslag, cijfers)

    monkeypatch.setitem(render.RENDERERS, "docx", docx_after_being_taken_for_dead)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.generatie_start(jaarverslag=jv, door=cast.coordinator)
    run.refresh_from_db()
    assert run.status == GeneratieStatus.MISLUKT and run.foutmelding.startswith(ONDERBROKEN)
    assert dict(jv.bestanden.values_list("formaat", "bestand")) == old
    assert all(default_storage.exists(name) for name in old.values())


def test_an_english_user_reads_the_failure_in_english(cast, jv, client_for, settings):
    """The run stores the Dutch text; it is translated when shown, like every other string."""
    settings.JAARVERSLAG_STALLED_AFTER_SECONDS = 120
    cast.coordinator.taal = "en"
    cast.coordinator.save()
    _busy_run(jv, cast.coordinator, last_beat_seconds_ago=121)
    client = client_for(cast.coordinator)
    # The user's language stays active in this thread after the request; override() puts the previous one back.
    with translation.override(settings.LANGUAGE_CODE):
        state = client.get(reverse("reports:status", args=[jv.pk])).json()
        page = client.get(reverse("reports:detail", args=[jv.pk])).content.decode()
    assert state["foutmelding"].startswith("Generation was interrupted")
    assert "Generation was interrupted" in page
