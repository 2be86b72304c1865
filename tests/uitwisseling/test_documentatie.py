"""The handbook's column tables are the code's, and every value they promise is one the importer accepts."""

from pathlib import Path

import pytest

from uitwisseling.columns import KOLOMMEN, SOORTEN
from uitwisseling.documentatie import blok
from uitwisseling.importeren.lijsten import FIXED_LISTS, KEUZES
from uitwisseling.management.commands.importkolommen import bijgewerkt
from uitwisseling.matching import korte_vormen

HANDLEIDING = Path(__file__).resolve().parents[2] / "docs" / "importeren.md"


def test_the_handbook_holds_the_generated_tables():
    tekst = HANDLEIDING.read_text(encoding="utf-8")
    for register in SOORTEN:
        assert blok(register) in tekst, "docs/importeren.md is out of date: run `manage.py importkolommen --bijwerken`"
    assert bijgewerkt(tekst) == tekst


@pytest.mark.parametrize("lijst", sorted(KEUZES))
def test_every_documented_value_is_accepted_by_code_label_and_short_form_however_it_is_typed(lijst):
    keuzelijst = FIXED_LISTS[lijst]()
    for code, label in KEUZES[lijst]:
        label = str(label)
        for geschreven in (code, label, *korte_vormen(label)):
            for vorm in (geschreven, geschreven.upper(), f"  {geschreven}  ", geschreven.replace("e", "é", 1)):
                assert keuzelijst.zoek(vorm) == code, (lijst, vorm)


def test_the_short_form_the_handbook_used_for_soort_hulpvraag_works():
    # docs/importeren.md promised "gelegenheid tot uiten"; the importer refused it ("Toegestaan: informatie, …").
    assert FIXED_LISTS["hulpvraag"]().zoek("gelegenheid tot uiten") == "uiten"


def test_every_column_with_a_list_uses_a_list_that_exists():
    for register in SOORTEN:
        for kolom in KOLOMMEN[register]:
            if kolom.soort in ("keuze", "meerkeuze"):
                assert kolom.lijst in KEUZES, (register, kolom.naam)
