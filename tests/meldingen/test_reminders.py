import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from meldingen import services
from meldingen.tasks import termijnherinneringen
from tests.meldingen.factories import MeldingFactory


def _overdue_and_soon(cast, today):
    overdue = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=today - datetime.timedelta(30),
                             omschrijving="Geheime omschrijving A", melder_identiteit="Melder Geheim")
    soon = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=today,
                          omschrijving="Geheime omschrijving B")
    met = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=today - datetime.timedelta(30))
    services.termijn_voldaan(termijn=met.termijnen.get(), voldaan_op=today - datetime.timedelta(29),
                             door=cast.coordinator)
    return overdue, soon


def test_it_mails_each_coordinator_only_a_count_and_a_link(cast, settings):
    from django.utils import timezone

    settings.SITE_URL = "https://vertrouwd.example"
    overdue, soon = _overdue_and_soon(cast, timezone.localdate())
    sent = termijnherinneringen.delay().get()
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.coordinator.email]
    assert "Verlopen termijnen: 1." in message.body
    assert "Termijnen die binnen 7 dagen verlopen: 1." in message.body
    assert "https://vertrouwd.example/meldingen/" in message.body
    for secret in (overdue.kenmerk, soon.kenmerk, "Geheime omschrijving", "Melder Geheim", "Voorbeeldstad",
                   str(overdue.pk) + "/"):
        assert secret not in message.body and secret not in message.subject


def test_it_sends_nothing_when_no_deadline_needs_attention(cast):
    MeldingFactory(organisatie=cast.org, door=cast.coordinator, spoor="ongewenst_gedrag")
    assert termijnherinneringen.delay().get() == 0
    assert mail.outbox == []


def test_it_does_not_mail_coordinators_of_other_organisations(cast):
    from django.utils import timezone

    _overdue_and_soon(cast, timezone.localdate())
    termijnherinneringen.delay().get()
    recipients = {address for m in mail.outbox for address in m.to}
    assert cast.outsider.email not in recipients and cast.vp.email not in recipients


def test_beat_runs_the_reminder_daily_at_seven(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["meldingen-termijnherinneringen"]
    assert entry["task"] == termijnherinneringen.name
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_reminder_through_redis(cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The worker is a separate process and needs a shared PostgreSQL database.")
    from django.utils import timezone

    _overdue_and_soon(cast, timezone.localdate())
    from tests.integration.conftest import celery_broker, redis_url

    broker = redis_url(15)
    db = connection.settings_dict
    database_url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.meldingen.worker_settings",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "MELDINGEN_TEST_MAIL_DIR": str(mail_dir),
        "SITE_URL": "https://vertrouwd.example",
    }
    celery_bin = Path(sys.executable).parent / "celery"
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(celery_bin), "-A", "config", "worker", "--pool=solo", "-c", "1", "--loglevel=INFO",
         "-Q", "celery", "-n", f"meldingen-test-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[2],
    )
    try:
        with celery_broker(broker, result_backend=broker):
            result = termijnherinneringen.delay()
            assert result.get(timeout=60) == 1
        deadline = time.monotonic() + 10
        files = []
        while time.monotonic() < deadline and not files:
            files = list(mail_dir.iterdir())
            time.sleep(0.2)
        body = "".join(f.read_text() for f in files)
        assert cast.coordinator.email in body
        assert "https://vertrouwd.example/meldingen/" in body
        assert "Geheime omschrijving" not in body
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
