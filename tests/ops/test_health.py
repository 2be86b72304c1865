"""/gezondheid/ (liveness) and /gezondheid/gereed/ (readiness): healthy and unhealthy, and what a probe leaves."""

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client

from accounts.audit import AuditEntry
from tests.integration.conftest import free_port

LIVE, READY = "/gezondheid/", "/gezondheid/gereed/"


@pytest.fixture
def probe(db):
    return Client()


def test_liveness_answers_anonymous_callers_with_a_bare_ok(probe):
    response = probe.get(LIVE)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_readiness_is_200_when_database_broker_and_media_work(probe, settings):
    # The broker of the test run (CELERY_BROKER_URL) when there is one; .ci/run always gives one.
    response = probe.get(READY)
    assert response.status_code == 200, response.content
    assert response.content == b"gereed\n"


def test_probes_create_no_session_no_cookie_and_no_audit_entry(probe):
    before_audit, before_sessions = AuditEntry.objects.count(), Session.objects.count()
    for url in (LIVE, READY, LIVE, READY):
        response = probe.get(url)
        assert not response.cookies, f"{url} set {list(response.cookies)}"
    assert AuditEntry.objects.count() == before_audit
    assert Session.objects.count() == before_sessions


def test_probes_answer_a_logged_in_user_without_2fa_the_same(cast):
    half = Client()
    half.force_login(cast.vp, backend="django.contrib.auth.backends.ModelBackend")
    assert half.get(LIVE).status_code == 200
    assert half.get(READY).status_code == 200


def test_readiness_is_503_when_the_broker_cannot_be_reached(probe, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    response = probe.get(READY)
    assert response.status_code == 503
    assert response.content == b"niet gereed\n"  # no reason, no version for anonymous callers
    assert probe.get(LIVE).status_code == 200  # the process itself still answers


def test_readiness_ignores_the_broker_when_none_is_configured(probe, settings):
    settings.CELERY_BROKER_URL = ""
    assert probe.get(READY).status_code == 200


def test_readiness_is_503_with_an_unapplied_migration(probe, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    real_plan = MigrationExecutor.migration_plan

    def plan_with_one_pending(self, targets, clean_start=False):
        # As after deploying new code before `migrate`: the newest accounts migration is not applied yet.
        leaf = next(node for node in self.loader.graph.leaf_nodes() if node[0] == "accounts")
        self.loader.applied_migrations.pop(leaf, None)
        return real_plan(self, targets, clean_start)

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan_with_one_pending)
    assert probe.get(READY).status_code == 503


def test_readiness_is_503_when_the_migration_table_is_missing(probe, monkeypatch):
    # A database that was never migrated: the recorder finds no django_migrations table.
    from django.db.migrations.recorder import MigrationRecorder

    monkeypatch.setattr(MigrationRecorder, "has_table", lambda self: False)
    assert probe.get(READY).status_code == 503


def test_readiness_is_503_when_media_storage_is_not_writable(probe, settings, tmp_path):
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    assert probe.get(READY).status_code == 503


def test_readiness_leaves_no_probe_file_behind(probe, settings):
    assert probe.get(READY).status_code == 200
    directories, files = default_storage.listdir("gereedheid") if default_storage.exists("gereedheid") else ([], [])
    assert files == []


def test_readiness_is_503_when_the_database_is_unreachable(probe, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise connection.Database.OperationalError("connection refused")

    # Only the readiness check's connection: the test's own database work must go on.
    monkeypatch.setattr("config.health.connection", Unreachable())
    assert probe.get(READY).status_code == 503


def test_the_deploy_probe_script_passes_on_a_ready_server_and_fails_on_a_closed_port(live_server, monkeypatch):
    # deploy/probe.py is what docker-compose's healthcheck and the systemd unit run.
    import subprocess
    import sys

    from tests.integration.conftest import REPO

    env = {"PATH": "/usr/bin:/bin", "ALLOWED_HOSTS": "localhost"}
    ready = subprocess.run([sys.executable, "deploy/probe.py", "--url", live_server.url, "/gezondheid/gereed/"],  # noqa: S603
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert ready.returncode == 0, ready.stderr
    closed = subprocess.run([sys.executable, "deploy/probe.py", "--url", f"http://127.0.0.1:{free_port()}"],  # noqa: S603
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert closed.returncode == 1 and "no answer" in closed.stderr
