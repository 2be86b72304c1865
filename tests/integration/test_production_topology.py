"""The production topology end to end, without Docker: gunicorn with production settings, a real Celery worker
and beat against PostgreSQL and Redis. A coordinator logs in with 2FA over HTTP, the worker generates the
jaarverslag, the PDF is downloaded and opened, and every process is shut down cleanly.
"""

import html
import http.cookiejar
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from accounts.models import Rol
from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, organisatie_create
from tests.integration.conftest import (
    REPO,
    collectstatic,
    free_port,
    production_env,
    redis_up,
    redis_url,
    require_postgresql,
    stop,
    wait_for_port,
)

PASSWORD = "een-lang-productiewachtwoord-2026"
# Its own Redis database, so it never meets the reminder test's worker (db 15) when xdist runs both at once.
BROKER = redis_url(14)


def _production_env(tmp_path: Path) -> dict[str, str]:
    return {**production_env(tmp_path, broker=BROKER), "DATABASE_CONN_MAX_AGE": "0"}


class Browser:
    """Just enough of a browser: cookies, redirects, the CSRF token from the last form."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.csrf = ""

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, bytes, dict]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback http only
        try:
            with self.opener.open(req, timeout=60) as response:
                content = response.read()
                status, url, headers = response.status, response.geturl(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            content, status, url, headers = exc.read(), exc.code, exc.geturl(), dict(exc.headers)
        if headers.get("Content-Type", "").startswith("text/html"):
            match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
            if match:
                self.csrf = match.group(1).decode()
        return status, url, content, headers


def _start(name: str, args: list[str], env: dict, tmp_path: Path) -> tuple[subprocess.Popen, io.TextIOWrapper]:
    log = (tmp_path / f"{name}.log").open("w")
    process = subprocess.Popen(args, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    return process, log


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_gunicorn_worker_and_beat_produce_a_jaarverslag_pdf(tmp_path):
    require_postgresql()
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {BROKER} in CI")
        pytest.skip(f"Needs Redis at {BROKER}")

    org = organisatie_create(naam="Gemeente Productiestad", slug="productiestad", indeling="rijk",
                             onderdelen=["Publiekszaken", "Bedrijfsvoering"])
    user, _ = gebruiker_aanmaken_of_rol_toevoegen(email="coordinator@productiestad.test", organisatie=org,
                                                  rol=Rol.COORDINATOR)
    # Production settings only accept Argon2 (the test settings use MD5 for speed), so hash it that way here.
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    env = _production_env(tmp_path)
    bin_dir = Path(sys.executable).parent
    collectstatic(env)
    deploy_check = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert deploy_check.returncode == 0, deploy_check.stderr[-2000:]

    port = free_port()
    processes: dict[str, tuple[subprocess.Popen, io.TextIOWrapper]] = {}
    try:
        processes["web"] = _start("web", [
            str(bin_dir / "gunicorn"), "config.wsgi", "-c", str(REPO / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}",
        ], env, tmp_path)
        processes["worker"] = _start("worker", [
            str(bin_dir / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "-n", f"topology-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
        ], env, tmp_path)
        processes["beat"] = _start("beat", [
            str(bin_dir / "celery"), "-A", "config", "beat", "--loglevel=INFO",
            "--schedule", str(tmp_path / "celerybeat-schedule"),
        ], env, tmp_path)
        wait_for_port(port, processes["web"][0], timeout=60)

        browser = Browser(f"http://127.0.0.1:{port}")
        status, url, body, _ = browser.request("/account/inloggen/")
        assert status == 200 and browser.csrf, body[:500]
        status, url, body, _ = browser.request("/account/inloggen/", {"username": user.email, "password": PASSWORD})
        assert status == 200 and "/account/verificatie/" in url, (status, url)

        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        status, url, body, _ = browser.request("/account/verificatie/", {"token": f"{totp.token():0{device.digits}d}"})
        assert status == 200 and "/account/verificatie" not in url, (status, url)

        jaar = timezone.localdate().year - 1
        status, url, body, _ = browser.request("/jaarverslag/")
        assert status == 200
        status, url, body, _ = browser.request("/jaarverslag/nieuw/", {"jaar": str(jaar)})
        match = re.search(r"/jaarverslag/(\d+)/$", url)
        assert status == 200 and match, (status, url)
        pk = int(match.group(1))

        status, url, body, _ = browser.request(f"/jaarverslag/{pk}/genereren/", {})
        assert status == 200, status
        deadline = time.monotonic() + 120
        state: dict = {}
        while time.monotonic() < deadline:
            status, _url, body, _ = browser.request(f"/jaarverslag/{pk}/status/")
            assert status == 200
            state = json.loads(body)
            if state.get("klaar") and state.get("status") != "geen":
                break
            time.sleep(1)
        assert state.get("gelukt"), state

        status, url, pdf, headers = browser.request(f"/jaarverslag/{pk}/bestand/pdf/")
        assert status == 200 and headers.get("Content-Type") == "application/pdf", (status, headers)
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert len(reader.pages) >= 1
        assert "Productiestad" in html.unescape(text) or str(jaar) in text

        status, url, body, headers = browser.request("/static/css/jaarverslag.css")
        assert status == 200, "whitenoise serves the collected static files"

        beat = processes["beat"][0]
        assert beat.poll() is None, "beat keeps running"
    finally:
        codes = {}
        for name in ("beat", "worker", "web"):
            if name in processes:
                process, log = processes[name]
                codes[name] = stop(process)
                log.close()
    logs = {name: (tmp_path / f"{name}.log").read_text() for name in processes}
    # Clean shutdown: SIGTERM ends gunicorn and celery with exit code 0 (or -SIGTERM when it was the signal).
    for name, code in codes.items():
        assert code in (0, -signal.SIGTERM), f"{name} exited with {code}:\n{logs[name][-3000:]}"
    assert "Shutting down" in logs["web"] or "Handling signal: term" in logs["web"]
    assert "reports.genereer_jaarverslag" in logs["worker"] and "succeeded" in logs["worker"], logs["worker"][-3000:]
    assert "beat: Starting" in logs["beat"], logs["beat"][-3000:]
    for text in logs.values():
        assert "Traceback" not in text, text[-3000:]
