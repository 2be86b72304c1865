"""The logs are JSON lines with request id, user id, organisation id and event, and carry nothing that identifies
a person or a case: after the journey of the plaintext suite (both registers), a failed login and requests with
a query string, a forwarded address and a user agent, every line the configured handler wrote parses as JSON and
contains no marker typed in the journey, no e-mail address, no IP address, no user agent, no one-time-link token."""

import io
import json
import logging
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.security.test_no_plaintext_anywhere import MARKERS, _journey

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CLIENT = {"REMOTE_ADDR": "203.0.113.77", "HTTP_X_FORWARDED_FOR": "198.51.100.23",
          "HTTP_USER_AGENT": "ZEBRA-7731-useragent/1.0"}


@pytest.fixture
def log_lines():
    """Every line the project's console handler would write, in its configured (JSON) format."""
    root = logging.getLogger()
    console = next(h for h in root.handlers if getattr(h, "name", "") == "console" or
                   type(h.formatter).__name__ == "ProcessorFormatter")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: [line for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def test_a_journey_logs_json_lines_without_content_names_addresses_or_tokens(cast, client_for, log_lines):
    _journey(cast, client_for)
    anonymous = Client(**CLIENT)
    anonymous.post(reverse("accounts:login"), {"username": cast.vp.email, "password": "fout-wachtwoord-zebra"})
    anonymous.get(reverse("accounts:login") + "?next=/meldingen/&email=" + cast.coordinator.email)
    token_path = reverse("accounts:uitnodiging", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(cast.lezer.pk)), "token": default_token_generator.make_token(cast.lezer)})
    anonymous.get(token_path)
    coordinator = client_for(cast.coordinator, cast.org)
    coordinator.defaults.update(CLIENT)
    coordinator.get(reverse("meldingen:lijst") + "?zoek=" + MARKERS["identiteit"])

    lines = log_lines()
    assert len(lines) > 50, "the journey should have logged its requests"
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not a JSON line: {line[:300]}")

    text = "\n".join(lines)
    typed = [marker for marker in [*MARKERS.values(), "ZEBRA-7731"] if marker in text]
    assert typed == [], f"typed content in the logs: {typed}"
    assert EMAIL.findall(text) == []
    for forbidden in ("203.0.113.77", "198.51.100.23", "127.0.0.1", "ZEBRA-7731-useragent", "fout-wachtwoord",
                      token_path.split("/")[-2]):
        assert forbidden not in text, f"{forbidden} was logged"
    assert all("ip" not in r and "user_agent" not in r for r in records)

    # What the SIEM needs: every request has its id, the user and the organisation it acted in.
    finished = [r for r in records if r.get("event") == "request_finished"]
    assert finished and all(r.get("request_id") and r.get("level") and r.get("timestamp") for r in finished)
    mine = [r for r in finished if r.get("user_id") == cast.coordinator.pk]
    assert mine and all(r.get("organisatie_id") == cast.org.pk for r in mine)
    assert any(r["request"] == "GET " + reverse("meldingen:lijst") for r in mine), "path without its query string"
    assert any(r["request"] == "GET /account/uitnodiging/…/" for r in finished)


def test_plain_text_stays_selectable_for_development():
    from config.logging import configure

    config = configure("plain", "INFO")
    assert config["handlers"]["console"]["formatter"] == "plain"
    with pytest.raises(Exception, match="LOG_FORMAT"):
        configure("xml", "INFO")
    configure("json", "INFO")
