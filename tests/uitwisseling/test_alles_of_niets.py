"""All or nothing, idempotency, the dry run and the audit trail."""

import datetime

from accounts.audit import AuditEntry
from meldingen.models import Betrokkene, Melding, StatusWijziging
from tests.reports.conftest import Builder
from tests.uitwisseling.conftest import integriteit, maak_csv, melding, vp_import
from uitwisseling.benchmark import genereer_csv, genereer_records
from uitwisseling.exporteren import schrijf_csv
from uitwisseling.models import ImportRegel, ImportRun
from vertrouwenspersonen.models import Dossier


def test_one_bad_row_among_a_thousand_writes_nothing(cast):
    records = genereer_records(cast.org, "meldingen", 1000, jaar=2023)
    records[637]["bron"] = "buitenaards"
    resultaat = integriteit(cast, schrijf_csv("meldingen", records))
    assert [(f.rij, f.kolom, f.waarde) for f in resultaat.fouten] == [(639, "bron", "buitenaards")]
    assert resultaat.fouten[0].toegestaan == ["intern", "extern"]
    assert not Melding.objects.filter(organisatie=cast.org).exists()
    assert not StatusWijziging.objects.exists() and not Betrokkene.objects.exists()
    assert not ImportRun.objects.exists() and not ImportRegel.objects.exists()
    records[637]["bron"] = "extern"
    fixed = integriteit(cast, schrijf_csv("meldingen", records))
    assert fixed.ok and Melding.objects.filter(organisatie=cast.org).count() == 1000


def test_one_bad_vp_row_among_a_thousand_writes_nothing(cast):
    records = genereer_records(cast.org, "vertrouwenspersonen", 1000, jaar=2023)
    records[10]["onderwerpen"] = ["pesten", "roddel"]
    resultaat = vp_import(cast, schrijf_csv("vertrouwenspersonen", records))
    assert [(f.rij, f.kolom) for f in resultaat.fouten] == [(12, "onderwerpen")]
    assert not Dossier.objects.exists()


def test_every_error_in_the_file_is_reported_not_just_the_first(cast):
    records = genereer_records(cast.org, "meldingen", 50, jaar=2023)
    for index in (3, 20, 41):
        records[index]["aantal_betrokkenen"] = "veel"
    resultaat = integriteit(cast, schrijf_csv("meldingen", records))
    assert [f.rij for f in resultaat.fouten] == [5, 22, 43]


def test_rerunning_the_same_file_changes_nothing(cast):
    data = genereer_csv(cast.org, "meldingen", 40, jaar=2023, met_kenmerk=False)
    assert integriteit(cast, data).aangemaakt == 40
    snapshot = (Melding.objects.count(), Betrokkene.objects.count(), StatusWijziging.objects.count())
    again = integriteit(cast, data)
    assert again.ok and again.aangemaakt == 0 and len(again.overgeslagen) == 40
    assert (Melding.objects.count(), Betrokkene.objects.count(), StatusWijziging.objects.count()) == snapshot


def test_dry_run_reports_counts_per_category_and_writes_nothing(cast):
    records = genereer_records(cast.org, "meldingen", 30, jaar=2023)
    resultaat = integriteit(cast, schrijf_csv("meldingen", records), proef=True)
    assert resultaat.ok and not resultaat.uitgevoerd and not Melding.objects.exists()
    samenvatting = dict(resultaat.samenvatting)
    assert dict(samenvatting["Meldingen"])["te importeren"] == 30
    assert sum(n for _label, n in samenvatting["Per onderwerp"]) == 30
    assert sum(n for _label, n in samenvatting["Per bron"]) == 30
    assert dict(samenvatting["Per jaar van ontvangst"]) == {"2023": 30}


def test_import_and_check_are_audited_without_content(cast):
    data = maak_csv([{"kenmerk": "2023-001", "datum_ontvangst": "2023-03-01", "onderwerp": "fraude?", "bron": "intern"}])
    integriteit(cast, data)
    gecontroleerd = AuditEntry.objects.get(actie="import_gecontroleerd")
    assert gecontroleerd.gebruiker_id == cast.coordinator.pk and gecontroleerd.details["fouten"] == 1
    data = genereer_csv(cast.org, "meldingen", 5, jaar=2023)
    integriteit(cast, data)
    entry = AuditEntry.objects.get(actie="import_uitgevoerd")
    assert entry.organisatie_id == cast.org.pk and entry.gebruiker_id == cast.coordinator.pk
    assert entry.details["aangemaakt"] == 5 and entry.details["register"] == "meldingen"
    text = str(entry.details)
    assert "2023-001" not in text and "intern" not in text.replace("integriteit", "")


def test_vp_import_audits_the_owner(cast):
    assert vp_import(cast, genereer_csv(cast.org, "vertrouwenspersonen", 3, jaar=2023)).ok
    entry = AuditEntry.objects.get(actie="import_uitgevoerd")
    assert entry.details["eigenaar_id"] == cast.vp.pk and entry.details["aangemaakt"] == 3


def test_an_import_sets_the_status_pointer_of_its_own_meldingen_only(cast):
    # A melding of the organisation without a pointer (e.g. from before the pointer existed) stays as it is.
    ander = Builder(cast).melding(datum=datetime.date(2023, 2, 1))
    Melding.objects.filter(pk=ander.pk).update(huidige_wijziging=None)
    resultaat = integriteit(cast, maak_csv([melding(kenmerk="OUD-7")]))
    assert resultaat.ok and resultaat.aangemaakt == 1
    assert Melding.objects.get(pk=ander.pk).huidige_wijziging_id is None
    geimporteerd = Melding.objects.get(organisatie=cast.org, kenmerk="OUD-7")
    assert geimporteerd.huidige_wijziging.naar_status == geimporteerd.status
