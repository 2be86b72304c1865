"""The importeer / exporteer commands: exit codes, dry run, owner checks, and the benchmark helper."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.audit import AuditEntry
from accounts.models import Lidmaatschap, Rol
from meldingen.models import Melding
from tests.uitwisseling.conftest import dossier, maak_csv, melding
from vertrouwenspersonen.models import Dossier


@pytest.fixture
def bestand(tmp_path):
    def write(data: bytes, naam="register.csv"):
        path = tmp_path / naam
        path.write_bytes(data)
        return str(path)

    return write


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("importeer", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_imports_into_the_meldingenregister(cast, bestand):
    out, _err = _run("--organisatie", "voorbeeldstad", "--register", "meldingen", bestand(maak_csv([melding()])))
    assert "1 aangemaakt" in out and Melding.objects.get().kenmerk == "2023-001"
    entry = AuditEntry.objects.get(actie="import_uitgevoerd")
    assert entry.gebruiker_id is None and entry.details["bron"] == "cli" and entry.details["operator"]
    out, _err = _run("--organisatie", "voorbeeldstad", "--register", "meldingen", bestand(maak_csv([melding()])))
    assert "0 aangemaakt, 1 overgeslagen" in out


def test_cli_dry_run_reports_and_writes_nothing(cast, bestand):
    out, _err = _run("--organisatie", "voorbeeldstad", "--register", "meldingen", "--proef",
                     bestand(maak_csv([melding(), melding(kenmerk="2023-002")])))
    assert "Proef: 2 van 2 rijen" in out and "Per onderwerp:" in out and "financiële schendingen: 2" in out
    assert not Melding.objects.exists()


def test_cli_exits_non_zero_with_a_dutch_error_report(cast, bestand):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("importeer", "--organisatie", "voorbeeldstad", "--register", "meldingen",
                     bestand(maak_csv([melding(), melding(kenmerk="2023-002", bron="burger")])), stdout=out, stderr=err)
    assert "rij 3, kolom bron (waarde ‘burger’): Onbekende bron. Toegestaan: intern, extern." in err.getvalue()
    assert not Melding.objects.exists()


def test_cli_vp_import_needs_an_active_vp_as_owner(cast, bestand):
    path = bestand(maak_csv([dossier()]))
    with pytest.raises(CommandError, match="eigenaar"):
        _run("--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", path)
    with pytest.raises(CommandError, match="geen actieve vertrouwenspersoon"):
        _run("--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", "--eigenaar",
             cast.coordinator.email, path)
    with pytest.raises(CommandError, match="geen actieve vertrouwenspersoon"):
        _run("--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", "--eigenaar",
             cast.outsider.email, path)
    with pytest.raises(CommandError, match="alleen bij de VP-registratie"):
        _run("--organisatie", "voorbeeldstad", "--register", "meldingen", "--eigenaar", cast.vp.email,
             bestand(maak_csv([melding()]), naam="meldingen.csv"))
    Lidmaatschap.objects.filter(gebruiker=cast.vp2, rol=Rol.VERTROUWENSPERSOON).update(actief=False)
    with pytest.raises(CommandError, match="geen actieve vertrouwenspersoon"):
        _run("--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", "--eigenaar", cast.vp2.email, path)
    out, _err = _run("--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", "--eigenaar",
                     cast.vp.email.upper(), path)
    assert Dossier.objects.get().eigenaar == cast.vp


def test_cli_unknown_organisation_and_file(cast, bestand):
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        _run("--organisatie", "nergens", "--register", "meldingen", bestand(b"x"))
    with pytest.raises(CommandError, match="niet gevonden"):
        _run("--organisatie", "voorbeeldstad", "--register", "meldingen", "/nonexistent/file.csv")


def test_cli_export(cast, bestand, tmp_path):
    _run("--organisatie", "voorbeeldstad", "--register", "meldingen", bestand(maak_csv([melding()])))
    target = tmp_path / "uit.csv"
    out = io.StringIO()
    call_command("exporteer", "--organisatie", "voorbeeldstad", "--register", "meldingen", "--formaat", "csv",
                 str(target), stdout=out)
    assert "1 rijen" in out.getvalue() and b"2023-001" in target.read_bytes()


def test_benchmark_helper_rolls_back(cast):
    from uitwisseling.benchmark import meet_import

    before = Melding.objects.count()
    uitkomst = meet_import(50, "meldingen", stdout=io.StringIO())
    assert uitkomst["rijen"] == 50 and Melding.objects.count() == before


def test_cli_export_of_the_vp_register_needs_an_owner(cast, tmp_path):
    from tests.vertrouwenspersonen.factories import make_dossier

    make_dossier(cast, eigenaar=cast.vp)
    make_dossier(cast, eigenaar=cast.vp2)
    target = tmp_path / "uit.csv"
    with pytest.raises(CommandError, match="--eigenaar"):
        call_command("exporteer", "--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen",
                     "--formaat", "csv", str(target), stdout=io.StringIO())
    assert not target.exists()
    out = io.StringIO()
    call_command("exporteer", "--organisatie", "voorbeeldstad", "--register", "vertrouwenspersonen", "--formaat",
                 "csv", "--eigenaar", cast.vp.email, str(target), stdout=out)
    assert "1 rijen" in out.getvalue()


def test_the_old_register_name_integriteit_still_works_on_the_command_line(cast, bestand):
    from uitwisseling.models import ImportRun

    out, _err = _run("--organisatie", "voorbeeldstad", "--register", "integriteit", bestand(maak_csv([melding()])))
    assert "1 aangemaakt" in out
    assert ImportRun.objects.get().register == "meldingen"
