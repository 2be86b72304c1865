"""After PostgreSQL drops the application's connections (a restart or a failover), no request gets a 500.

gunicorn runs with production settings and persistent connections (DATABASE_CONN_MAX_AGE, as deployed). The test
waits until every web worker holds an open connection, terminates exactly those (they carry an application name
of their own; the test's own connection is left alone), and then expects only 200s, for more requests than
there are workers: each worker must notice its dead connection before using it (CONN_HEALTH_CHECKS).
"""

import http.client
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.integration.conftest import (
    REPO,
    collectstatic,
    free_port,
    production_env,
    redis_url,
    require_postgresql,
    stop,
    wait_for_port,
)

WORKERS = 2


def _app_connections(application_name: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
                       [application_name])
        return [pid for (pid,) in cursor.fetchall()]


def _terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def _get(port: int, path: str, session: str) -> int:
    """One request, redirects not followed: a bounce to the login page must not pass for a page that worked."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
        return conn.getresponse().status
    finally:
        conn.close()


def _wait_until(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout} s")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_web_workers_survive_the_database_dropping_their_connections(cast, tmp_path):
    require_postgresql()
    application_name = f"vertrouwd-failover-{uuid.uuid4().hex[:8]}"
    env = {
        **production_env(tmp_path, broker=redis_url(12)),
        # The session below is signed by the test process, so the web process shares its SECRET_KEY.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_CONN_MAX_AGE": "60",  # the production default: connections outlive a request
        "GUNICORN_WORKERS": str(WORKERS),
        "PGAPPNAME": application_name,  # libpq names the web process's connections, so only they are cut
    }
    collectstatic(env)
    session = login(Client(), cast.coordinator).cookies[settings.SESSION_COOKIE_NAME].value
    path = reverse("meldingen:lijst")

    port = free_port()
    log = (tmp_path / "web.log").open("w")
    web = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-c", str(REPO / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}"], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, web, timeout=60)

        def every_worker_connected():
            assert _get(port, path, session) == 200
            return len(_app_connections(application_name)) >= WORKERS

        _wait_until(every_worker_connected, f"{WORKERS} web workers holding a database connection")
        pids = _app_connections(application_name)
        _terminate(pids)
        _wait_until(lambda: not set(pids) & set(_app_connections(application_name)), "the connections ending")

        statuses = [_get(port, path, session) for _ in range(3 * WORKERS)]
        assert statuses == [200] * len(statuses), statuses
    finally:
        stop(web)
        log.close()
    text = (tmp_path / "web.log").read_text()
    assert "Traceback" not in text, text[-3000:]
