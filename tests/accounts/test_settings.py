"""Production mode is secure by default and refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]
PROD_KEY = "Zm9yLXRlc3Rpbmctb25seS1ub3QtYS1yZWFsLWtleS0="


def run_manage(*args, env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECRET_KEY", "VERTROUWD_", "DEBUG", "DEMO_", "ALLOWED_HOSTS", "SECURE_", "CELERY_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "VERTROUWD_VAR_DIR": str(tmp_path),
            **env_overrides,
        }
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "SECRET_KEY": "p" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "VERTROUWD_ENCRYPTION_KEYS": PROD_KEY,
    "ALLOWED_HOSTS": "vertrouwd.voorbeeldstad.nl",
}


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    overrides = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env_overrides=overrides, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_encryption_keys(tmp_path):
    overrides = {k: v for k, v in PRODUCTION.items() if k != "VERTROUWD_ENCRYPTION_KEYS"}
    result = run_manage("check", env_overrides=overrides, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "VERTROUWD_ENCRYPTION_KEYS" in result.stderr


def test_demo_mode_is_refused_without_debug(tmp_path):
    result = run_manage("check", env_overrides={**PRODUCTION, "DEMO_MODE": "true"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEMO_MODE" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    (tmp_path / "secret").write_text(PRODUCTION["SECRET_KEY"] + "\n")
    (tmp_path / "keys").write_text(PROD_KEY + "\n")
    overrides = {
        "SECRET_KEY_FILE": str(tmp_path / "secret"),
        "VERTROUWD_ENCRYPTION_KEYS_FILE": str(tmp_path / "keys"),
        "ALLOWED_HOSTS": "vertrouwd.voorbeeldstad.nl",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=overrides, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env.env_bool("X_FLAG")
    monkeypatch.setenv("X_FLAG", "Ja")
    assert env.env_bool("X_FLAG") is True


def test_env_int_rejects_nonsense_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUM", "vijftien")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env.env_int("X_NUM", 1, minimum=1)


def test_env_file_and_value_together_is_an_error(monkeypatch, tmp_path):
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("X_SECRET", "a")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "f"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.env_str("X_SECRET")


def test_missing_secret_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="not a readable file"):
        env.env_str("X_SECRET")


@pytest.mark.parametrize(("broker", "eager"), [("", "True"), ("redis://127.0.0.1:6379/9", "False")])
def test_celery_runs_eagerly_only_without_a_broker(tmp_path, broker, eager):
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    result = run_manage("shell", "-c", code, env_overrides={**PRODUCTION, "CELERY_BROKER_URL": broker}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == eager


def test_production_hashes_passwords_with_argon2():
    import config.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
