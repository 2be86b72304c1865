"""`manage.py demo_vullen`: the demo organisations and logins it prints (the record seeding is tested per register)."""

import pytest
from django.core.management import CommandError, call_command

from accounts.management.commands import demo_vullen
from accounts.models import Lidmaatschap


def test_it_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="alleen met DEMO_MODE=true"):
        call_command("demo_vullen")


def test_it_names_both_demo_organisations_and_who_works_in_both(db, settings, monkeypatch, capsys):
    settings.DEMO_MODE = True
    monkeypatch.setattr(demo_vullen, "SEED_MODULES", [])  # the registers' demo records: tests/*/test_demo.py
    call_command("demo_vullen")
    out = capsys.readouterr().out
    assert "Demo-organisaties: Gemeente Heuvelrand, Gemeente Voorbeeldstad" in out
    assert ("vp.extern@voorbeeldstad.demo heeft rollen in Gemeente Heuvelrand en Gemeente Voorbeeldstad" in out)
    in_both = {lid.gebruiker.email for lid in Lidmaatschap.objects.actief().filter(organisatie__slug="heuvelrand")}
    assert in_both == {"vp.extern@voorbeeldstad.demo"}
    assert out.count("heeft rollen in") == 1
    # A second run adds nothing and prints the same overview.
    call_command("demo_vullen")
    again = capsys.readouterr().out
    assert "bestaat al" in again and "vp.extern@voorbeeldstad.demo heeft rollen in" in again
