"""Helpers for the integration tests that start the production processes (gunicorn, Celery) as subprocesses."""

import os
import socket
import subprocess
import time
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
