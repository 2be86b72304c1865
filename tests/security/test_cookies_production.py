"""Session and CSRF cookies are Secure (and HttpOnly/SameSite) when the settings run in production mode."""

import json

from tests.accounts.test_settings import PRODUCTION, run_manage

PRINT_COOKIE_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
    "'CSRF_COOKIE_SAMESITE']}))"
)


def test_cookies_are_secure_in_production(tmp_path):
    result = run_manage("shell", "-c", PRINT_COOKIE_SETTINGS, env_overrides=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
