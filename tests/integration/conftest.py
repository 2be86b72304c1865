"""Helpers for the integration tests that start the production processes (gunicorn, Celery) as subprocesses."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def redis_address() -> tuple[str, int]:
    """The Redis the suite was given (host and port of CELERY_BROKER_URL, as .ci/run sets it), else the local one."""
    url = urlsplit(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
    return url.hostname or "127.0.0.1", url.port or 6379


def redis_url(db: int) -> str:
    """That Redis with a database of its own per test module, so two workers under xdist never share a queue."""
    host, port = redis_address()
    return f"redis://{host}:{port}/{db}"


def redis_up() -> bool:
    try:
        with socket.create_connection(redis_address(), timeout=2):
            return True
    except OSError:
        return False


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: the processes under test share the test database.")


def database_url() -> str:
    """The URL of the test database pytest-django created, for the processes started by the test."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(tmp_path: Path, *, broker: str) -> dict[str, str]:
    """The environment of a production process (config.settings, DEBUG off) against the test database."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",  # the production module, not the test settings
        "DEBUG": "false",
        "SECRET_KEY": "integration-test-secret-key-" + "k" * 40,
        # The synthetic key of config/settings_test.py: the processes must read what the test process wrote.
        "VERTROUWD_ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS),
        "ALLOWED_HOSTS": "127.0.0.1",
        # The tests speak plain HTTP on the loopback interface, so the HTTPS redirect and Secure cookies are off
        # here. In production they stay on (their default) behind the TLS proxy of deploy/nginx/.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "VERTROUWD_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def collectstatic(env: dict[str, str]) -> None:
    """Production settings serve static files through whitenoise's manifest: pages need it collected."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM, wait; SIGKILL only when it does not stop in time. Returns the exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return -9
    return process.returncode


def _reset_celery_connections(app) -> None:
    """Forget cached broker pools and result backends so the app picks up the changed configuration."""
    from kombu import pools

    pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextmanager
def celery_broker(broker: str | None, result_backend: str | None = None):
    """The test process's Celery app publishes to this broker (None: runs tasks eagerly, no broker at all).

    Celery reads CELERY_BROKER_URL from the environment before its own configuration, so that is set too.
    """
    from config.celery import app

    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    if broker is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = broker
    app.conf.update(broker_url=broker, result_backend=result_backend, task_always_eager=broker is None)
    _reset_celery_connections(app)
    try:
        yield app
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.update(**saved)
        _reset_celery_connections(app)
