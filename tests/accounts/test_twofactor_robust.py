"""Backup codes are replaced all at once or not at all; the 2FA redirect keeps the full target, encoded."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from accounts import twofactor
from tests.accounts.test_login import enrolled, password_step


def test_a_failure_while_regenerating_keeps_the_old_backup_codes(cast, monkeypatch):
    oude = set(twofactor.regenerate_backup_codes(user=cast.vp))

    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(StaticToken.objects, "bulk_create", kapot)
    with pytest.raises(RuntimeError):
        twofactor.regenerate_backup_codes(user=cast.vp)
    assert set(StaticToken.objects.filter(device__user=cast.vp).values_list("token", flat=True)) == oude


def test_the_2fa_redirect_encodes_the_whole_target(cast):
    enrolled(cast.vp)
    client = Client()
    password_step(client, cast.vp.email)
    doel = reverse("accounts:profiel") + "?a=1&b=2"
    response = client.get(doel)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("accounts:2fa_verify")
    assert parse_qs(location.query) == {"next": [doel]}
