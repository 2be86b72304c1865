"""The benchmark command runs end to end on a small database and prints every row of its table.

Timings are not asserted here (ARCHITECTURE.md: budgets are measured by the command, not by timed tests).
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from benchmarking.measure import PAGES
from tests.integration.conftest import require_postgresql


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_benchmark_prints_every_measurement(settings, tmp_path):
    require_postgresql()
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("benchmark", records=500, requests=3, import_rows=50, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    table = [line for line in text.splitlines() if line.startswith("| ")]
    for label, *_rest in PAGES:
        assert any(line.startswith(f"| {label} ") for line in table), label
        # Each page is printed as a multiple of its register's floor, measured in the same run.
        row = next(line for line in table if line.startswith(f"| {label} "))
        assert re.fullmatch(r"\d+\.\dx", row.split("|")[4].strip()), row
    assert any(line.startswith("| Floor: 25 rows, bare view (vp)") for line in table)
    assert any(line.startswith("| Floor: 25 rows, bare view (coordinator)") for line in table)
    for label in ("Figures, one organisation-year", "Figures, hand-written SQL aggregate", "Figures, ratio ORM / SQL",
                  "PDF of the jaarverslag", "Import meldingen", "Import vertrouwenspersonen", "Export meldingen",
                  "Export vertrouwenspersonen", "Peak memory"):
        assert any(line.startswith(f"| {label}") for line in table), label
    # Constant query counts do not depend on timing: the big and the small organisation issue the same number.
    for line in table:
        if "queries constant" in line:
            big, small = line.split("|")[5].split("/")
            assert big.strip() == small.strip(), line


@pytest.mark.django_db
def test_the_benchmark_refuses_sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("checks the refusal on SQLite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark", records=500, stdout=io.StringIO())


def test_the_benchmark_asks_for_migrate_on_an_empty_database(tmp_path):
    from tests.accounts.test_settings import run_manage

    # An empty SQLite file: the same check runs before anything is seeded, whatever the database.
    result = run_manage("benchmark", "--records", "100", "--allow-sqlite",
                        env_overrides={"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"},
                        tmp_path=tmp_path)
    assert result.returncode == 1
    assert "unapplied migrations; run `python manage.py migrate` first" in result.stderr
    assert "Traceback" not in result.stderr
