"""One road for every write: outside a register's own package, no module writes that register's models through
their manager (create, bulk_create, update, delete ...); other apps call the register's services. The importer, the
benchmark seed and the demo of another app once did, and the registers' rules drifted apart (issue 14).

Retention is the exception by design: the retention fields belong to `bewaren.models.Bewaard`, which both registers
use, and bewaren writes only those (through the registers' own destroy functions for everything else).
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
REGISTERS = ("meldingen", "vertrouwenspersonen")
SCHRIJVEN = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "delete", "bulk_update"}
PAKKETTEN = ("accounts", "bewaren", "benchmarking", "config", "meldingen", "reports", "taxonomie", "uitwisseling",
             "vertrouwenspersonen")


def _modellen(app: str) -> set[str]:
    return {m.__name__ for m in apps.get_app_config(app).get_models()}


def _schrijfaanroepen(pad: Path, modellen: set[str], root: Path = ROOT) -> list[str]:
    """`Model.objects....<write>(` anywhere in the module, for the given model names."""
    gevonden = []
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if not (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute)
                and knoop.func.attr in SCHRIJVEN):
            continue
        deel = knoop.func.value
        while isinstance(deel, (ast.Call, ast.Attribute)):  # walk down Model.objects.filter(...).update
            if isinstance(deel, ast.Attribute) and deel.attr == "objects" and isinstance(deel.value, ast.Name):
                if deel.value.id in modellen:
                    gevonden.append(f"{pad.relative_to(root)}:{knoop.lineno} {deel.value.id}.….{knoop.func.attr}")
                break
            deel = deel.func if isinstance(deel, ast.Call) else deel.value
    return gevonden


def test_no_module_outside_a_register_writes_its_models():
    fouten = []
    for register in REGISTERS:
        modellen = _modellen(register)
        for pakket in PAKKETTEN:
            if pakket == register:
                continue
            for pad in (ROOT / pakket).rglob("*.py"):
                if "migrations" not in pad.parts:
                    fouten += _schrijfaanroepen(pad, modellen)
    assert not fouten, "write through the register's services instead:\n" + "\n".join(fouten)


def test_the_scan_finds_a_write_where_there_is_one(tmp_path):
    bron = tmp_path / "voorbeeld.py"
    bron.write_text("Melding.objects.filter(pk=1).update(status='x')\nDossier.objects.bulk_create([])\n"
                    "Melding.objects.filter(pk=1).count()\n")
    assert len(_schrijfaanroepen(bron, {"Melding", "Dossier"}, root=tmp_path)) == 2
