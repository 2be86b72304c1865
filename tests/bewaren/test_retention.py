"""Retention: due dates, the 30-day notice, extension, destruction, and the jaarverslag staying the same."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from accounts.audit import AuditEntry
from bewaren import services, tasks
from bewaren.models import Register, Vernietiging
from meldingen import services as mservices
from meldingen.models import Bijlage, Feitenonderzoek, FeitenonderzoekUserObjectPermission, LogboekRegel
from reports.figures import compute_figures
from tests.reports.conftest import Builder
from vertrouwenspersonen import services as vpservices
from vertrouwenspersonen.models import Dossier, DossierUserObjectPermission, Gesprek

D = datetime.date
GEHEIM = "GEHEIM-RETENTIE-4411"


def _tijd(datum: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))


def _gesloten_dossier(cast, *, gesloten=None):
    gesloten = gesloten or D(2023, 6, 1)
    b = Builder(cast)
    dossier = b.dossier(datum=D(2023, 2, 1), notitie=f"{GEHEIM} dossier", hulpvragen=["uiten"],
                        verwijzingen=["hr"], geslacht="vrouw", relatie_veroorzaker="collega", verzuim="ja")
    vpservices.gesprek_create(dossier=dossier, door=cast.vp, datum=D(2023, 2, 2), vorm="fysiek", duur_minuten=40,
                              notitie=f"{GEHEIM} gesprek")
    vpservices.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=timezone.localdate(), door=cast.vp)
    vpservices.dossier_afsluiten(dossier=dossier, datum=gesloten, door=cast.vp, resultaat="bespreekbaar")
    dossier.refresh_from_db()
    return dossier


def _afgehandelde_melding(cast):
    ontvangen, afgehandeld = D(2022, 3, 1), D(2022, 9, 1)
    b = Builder(cast)
    melding = b.melding(datum=ontvangen, organisatorische_maatregelen=f"{GEHEIM} lessen")
    melding = mservices.melding_update(melding=melding, door=cast.coordinator, versie=melding.versie,
                                       beoordeling="feitenonderzoek")
    b.betrokkene(melding, bevinding="integriteitsschending vastgesteld", maatregelen=["officiële waarschuwing"])
    onderzoek = b.onderzoek(melding)
    mservices.onderzoek_assign(onderzoek=onderzoek, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    onderzoek.refresh_from_db()
    mservices.onderzoek_update(onderzoek=onderzoek, door=cast.coordinator, versie=onderzoek.versie,
                               einddatum=D(2022, 6, 1), conclusie=f"{GEHEIM} conclusie")
    mservices.logboek_add(melding=melding, door=cast.coordinator, notitie=f"{GEHEIM} logboek")
    mservices.bijlage_add(melding=melding, door=cast.coordinator,
                          bestand=SimpleUploadedFile("a.pdf", b"%PDF-1.7\n" + GEHEIM.encode()))
    mservices.bijlage_add(melding=melding, door=cast.coordinator, feitenonderzoek=onderzoek, is_rapport=True,
                          bestand=SimpleUploadedFile("r.pdf", b"%PDF-1.7\n" + GEHEIM.encode()))
    for naar, op, reden in (("in_behandeling", D(2022, 3, 2), ""), ("afgehandeld", afgehandeld, f"{GEHEIM} reden")):
        melding.refresh_from_db()
        mservices.melding_change_status(melding=melding, naar=naar, door=cast.coordinator, versie=melding.versie,
                                        reden=reden, op=_tijd(op))
    melding.refresh_from_db()
    return melding


def _zonder_tijdstip(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if k != "berekend_op"}


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


def test_closing_sets_the_due_date_from_the_organisations_term_and_reopening_clears_it(cast):
    services.bewaartermijn_instellen(organisatie=cast.org, register=Register.VP, maanden=6, door=cast.beheerder)
    dossier = _gesloten_dossier(cast, gesloten=D(2023, 8, 31))
    assert dossier.vernietigen_op == D(2024, 2, 29)
    vpservices.dossier_heropenen(dossier=dossier, door=cast.vp)
    dossier.refresh_from_db()
    assert dossier.vernietigen_op is None
    melding = _afgehandelde_melding(cast)
    assert melding.vernietigen_op == D(2027, 9, 1)  # the 5-year default


def test_destruction_removes_text_files_and_grants_and_keeps_the_report_figures(
    cast, settings, django_capture_on_commit_callbacks
):
    dossier = _gesloten_dossier(cast)
    melding = _afgehandelde_melding(cast)
    onderzoek = Feitenonderzoek.objects.get(melding=melding)
    paden = [Path(b.bestand.path) for b in Bijlage.objects.filter(melding=melding)]
    assert all(p.exists() for p in paden)
    voor = {jaar: _zonder_tijdstip(compute_figures(cast.org, jaar)) for jaar in (2022, 2023, 2024)}

    with django_capture_on_commit_callbacks(execute=True):
        vernietigd = services.vernietigen(today=D(2027, 9, 2))

    assert vernietigd == 2
    assert {jaar: _zonder_tijdstip(compute_figures(cast.org, jaar)) for jaar in (2022, 2023, 2024)} == voor
    # The text is gone from the raw rows, not just hidden by the application.
    assert _raw("vertrouwenspersonen_dossier", "notitie", dossier.pk) == ""
    assert all(g.notitie == "" for g in Gesprek.objects.filter(dossier=dossier))
    assert Gesprek.objects.filter(dossier=dossier).count() == 1  # counted in the report
    assert not DossierUserObjectPermission.objects.filter(content_object=dossier).exists()
    for column in ("omschrijving", "melder_identiteit", "organisatorische_maatregelen"):
        assert _raw("meldingen_melding", column, melding.pk) == ""
    assert _raw("meldingen_feitenonderzoek", "conclusie", onderzoek.pk) == ""
    assert all(_raw("meldingen_statuswijziging", "reden", s.pk) == "" for s in melding.statuswijzigingen.all())
    assert not LogboekRegel.objects.filter(melding=melding).exists()
    assert not Bijlage.objects.filter(melding=melding).exists()
    assert not any(p.exists() for p in paden)
    assert not FeitenonderzoekUserObjectPermission.objects.filter(content_object=onderzoek).exists()
    # Structured facts stay.
    melding.refresh_from_db()
    assert melding.vernietigd_op is not None and melding.betrokkenen.get().maatregelen.count() == 1
    log = {(v.register, v.aantal) for v in Vernietiging.objects.filter(organisatie=cast.org)}
    assert log == {(Register.VP, 1), (Register.MELDINGEN, 1)}
    assert AuditEntry.objects.filter(actie="vernietigd").count() == 2


def test_the_daily_task_is_idempotent(cast):
    _gesloten_dossier(cast)
    assert services.vernietigen(today=D(2025, 1, 1)) == 1
    assert services.vernietigen(today=D(2025, 1, 1)) == 0
    assert tasks.dagelijks.delay().get()["vernietigd"] == 0
    assert Vernietiging.objects.count() == 1


def test_it_notifies_the_owners_30_days_ahead_with_only_a_count(cast):
    _gesloten_dossier(cast, gesloten=D(2023, 6, 1))  # due 2024-06-01
    _afgehandelde_melding(cast)  # due 2027-09-01
    mail.outbox.clear()

    assert services.bewaarberichten_versturen(today=D(2024, 5, 1)) == 0  # 31 days ahead: not yet
    assert services.bewaarberichten_versturen(today=D(2024, 5, 2)) == 1  # the VP only
    assert [m.to for m in mail.outbox] == [[cast.vp.email]]
    assert services.bewaarberichten_versturen(today=D(2024, 5, 3)) == 0  # announced once
    assert services.bewaarberichten_versturen(today=D(2027, 8, 5)) == 1  # the coordinator
    assert mail.outbox[-1].to == [cast.coordinator.email]
    for bericht in mail.outbox:
        assert GEHEIM not in bericht.body + bericht.subject
        assert "VP-2023" not in bericht.body and "2022-0" not in bericht.body  # no kenmerk either
    assert Dossier.objects.get().vernietigd_op is None  # a notice destroys nothing


def test_an_extension_postpones_destruction_and_is_audited(cast):
    dossier = _gesloten_dossier(cast)
    with pytest.raises(Exception, match="reden"):
        services.termijn_verlengen(obj=dossier, tot=D(2026, 1, 1), reden=" ", door=cast.vp)
    services.termijn_verlengen(obj=dossier, tot=D(2026, 1, 1), reden=f"{GEHEIM} lopende procedure", door=cast.vp)

    assert services.vernietigen(today=D(2025, 6, 1)) == 0
    dossier.refresh_from_db()
    assert dossier.vernietigd_op is None and dossier.vernietigen_op == D(2026, 1, 1)
    entry = AuditEntry.objects.get(actie="bewaartermijn_verlengd")
    assert entry.details == {"van": "2024-06-01", "tot": "2026-01-01"}
    assert GEHEIM not in str(entry.details)
    assert services.vernietigen(today=D(2026, 1, 2)) == 1


def test_records_closed_before_retention_existed_get_a_due_date(cast):
    dossier = _gesloten_dossier(cast)
    Dossier.objects.filter(pk=dossier.pk).update(vernietigen_op=None)
    services.dagelijks(today=D(2023, 7, 1))
    dossier.refresh_from_db()
    assert dossier.vernietigen_op == D(2024, 6, 1) and dossier.vernietigd_op is None


def test_a_crash_during_destruction_leaves_record_and_files_together(cast, monkeypatch, django_capture_on_commit_callbacks):
    """A retryable state, never a half-written record: no file is removed unless the rows are gone too."""
    melding = _afgehandelde_melding(cast)
    paden = [Path(b.bestand.path) for b in Bijlage.objects.filter(melding=melding)]

    def crash(actie, **kwargs):
        if actie == "vernietigd":
            raise RuntimeError("database went away")
        return AuditEntry()

    monkeypatch.setattr(services, "audit", crash)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.vernietigen(today=D(2028, 1, 1))

    melding.refresh_from_db()
    assert melding.vernietigd_op is None
    assert Bijlage.objects.filter(melding=melding).count() == len(paden) == 2
    assert all(p.exists() for p in paden)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vernietigen(today=D(2028, 1, 1)) == 1  # the retry completes the job
    assert not any(p.exists() for p in paden)


def test_activity_and_signal_texts_go_after_their_term_and_their_facts_stay(cast):
    from bewaren.models import Bewaartermijn
    from vertrouwenspersonen.models import Activiteit, Signaal

    def activiteit(org, eigenaar, datum, tekst):
        return Activiteit.objects.create(organisatie=org, eigenaar=eigenaar, soort="training", datum=datum,
                                         uren=2, deelnemers=12, omschrijving=tekst)

    oud = activiteit(cast.org, cast.vp, D(2023, 1, 10), f"{GEHEIM} training team Noord")
    recent = activiteit(cast.org, cast.vp, D(2024, 6, 1), "Voorlichting nieuwe medewerkers")
    signaal = Signaal.objects.create(organisatie=cast.org, eigenaar=cast.vp, datum=D(2023, 1, 10),
                                     thema=f"{GEHEIM} pesten bij een afdeling", aan="directie")
    # Another organisation keeps its texts five years: its own term counts, not this one's.
    Bewaartermijn.objects.create(organisatie=cast.other_org, register=Register.ACTIVITEITEN, maanden=60)
    elders = activiteit(cast.other_org, cast.outsider, D(2023, 1, 10), "Anderstad training")
    voor = _zonder_tijdstip(compute_figures(cast.org, 2023))

    # 24 months after 10 January 2023 is 10 January 2025.
    assert services.vrije_tekst_wissen(today=D(2025, 1, 10)) == 0
    assert services.vrije_tekst_wissen(today=D(2025, 2, 1)) == 2
    assert _raw("vertrouwenspersonen_activiteit", "omschrijving", oud.pk) == ""
    assert _raw("vertrouwenspersonen_signaal", "thema", signaal.pk) == ""
    assert Activiteit.objects.get(pk=recent.pk).omschrijving == "Voorlichting nieuwe medewerkers"
    assert Activiteit.objects.get(pk=elders.pk).omschrijving == "Anderstad training"
    oud.refresh_from_db()
    assert (oud.soort, oud.datum, oud.uren, oud.deelnemers) == ("training", D(2023, 1, 10), 2, 12)
    assert _zonder_tijdstip(compute_figures(cast.org, 2023)) == voor
    log = Vernietiging.objects.get(organisatie=cast.org, register=Register.ACTIVITEITEN)
    assert (log.aantal, log.regel) == (2, "activiteiten: 24 maanden na de datum")
    entry = AuditEntry.objects.filter(actie="vernietiging_uitgevoerd", organisatie_id=cast.org.pk).latest("id")
    assert entry.details == {"register": "activiteiten", "activiteit": 1, "signaal": 1}
    assert services.vrije_tekst_wissen(today=D(2025, 2, 1)) == 0  # idempotent
    assert services.dagelijks(today=D(2025, 2, 1))["teksten_gewist"] == 0


def test_the_demo_seed_leaves_the_register_as_after_a_daily_run(cast):
    import random

    from bewaren import demo

    oud = _gesloten_dossier(cast, gesloten=D(2023, 6, 1))  # 12 months' retention: long due
    summary = demo.seed(organisatie=cast.org, gebruikers={}, rng=random.Random(1))
    oud.refresh_from_db()
    assert oud.vernietigd_op is not None
    assert summary.startswith("bewaartermijnen: 1 vernietigd")
