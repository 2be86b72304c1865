"""The document's life: concept, generation (task), narrative, adoption (frozen), correction, access, audit, CLI."""

import hashlib
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.audit import AuditEntry
from reports import services
from reports.models import Generatie, GeneratieStatus, Jaarverslag, Rapportinstelling, VaststellenDoor


@pytest.fixture
def records(cast, build, d):
    for i in range(6):
        build.melding(datum=d(2025, 3, 1 + i), onderwerp="ongewenste omgangsvormen", onderdeel="Ruimte")
        build.dossier(datum=d(2025, 4, 1 + i), onderwerpen=["pesten"], onderdeel="Sociaal Domein")
    return cast


def generate(jv, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generatie = services.generatie_start(jaarverslag=jv, door=user)
    generatie.refresh_from_db()
    jv.refresh_from_db()
    return generatie


def pdf_text(jv) -> str:
    with jv.bestanden.get(formaat="pdf").bestand.open("rb") as f:
        data = f.read()
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_generation_runs_the_task_and_stores_all_files_with_their_hash(records, django_capture_on_commit_callbacks):
    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    generatie = generate(jv, cast.vp, django_capture_on_commit_callbacks)
    assert generatie.status == GeneratieStatus.KLAAR and generatie.voortgang == 100
    assert jv.cijfers["integriteit"]["aantal_meldingen"] == 6
    assert set(jv.bestanden.values_list("formaat", flat=True)) == {"pdf", "docx", "xlsx", "json"}
    for bestand in jv.bestanden.all():
        with bestand.bestand.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == bestand.sha256
        # Encrypted at rest: the raw file on disk is not the PDF/ZIP/JSON itself.
        raw = open(bestand.bestand.path, "rb").read()  # noqa: SIM115
        assert not raw.startswith((b"%PDF", b"PK", b"{"))
    assert AuditEntry.objects.filter(actie="jaarverslag_gegenereerd", object_id=str(jv.pk)).exists()
    assert AuditEntry.objects.filter(actie="jaarverslag_generatie_gestart", object_id=str(jv.pk)).exists()


def test_a_failed_run_shows_a_generic_message_and_can_be_retried(records, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)

    def boom(*a, **k):
        raise RuntimeError("secret detail GEHEIME-OMSCHRIJVING")

    monkeypatch.setitem(__import__("reports.render", fromlist=["RENDERERS"]).RENDERERS, "docx", boom)
    generatie = generate(jv, cast.vp, django_capture_on_commit_callbacks)
    assert generatie.status == GeneratieStatus.MISLUKT
    assert "GEHEIME" not in generatie.foutmelding and generatie.foutmelding
    monkeypatch.undo()
    retry = generate(jv, cast.vp, django_capture_on_commit_callbacks)
    assert retry.pk != generatie.pk and retry.status == GeneratieStatus.KLAAR
    assert Generatie.objects.filter(jaarverslag=jv).count() == 2


def test_a_failed_run_logs_only_ids_and_the_exception_type(records, monkeypatch, caplog,
                                                          django_capture_on_commit_callbacks):
    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)

    def boom(*a, **k):
        raise RuntimeError("secret detail GEHEIME-OMSCHRIJVING")

    monkeypatch.setitem(__import__("reports.render", fromlist=["RENDERERS"]).RENDERERS, "docx", boom)
    with caplog.at_level("DEBUG", logger="reports"):
        generatie = generate(jv, cast.vp, django_capture_on_commit_callbacks)
    assert generatie.status == GeneratieStatus.MISLUKT
    records_ = [r for r in caplog.records if r.name.startswith("reports")]
    assert any(str(generatie.pk) in r.getMessage() and "RuntimeError" in r.getMessage() for r in records_)
    for record in records_:
        assert record.exc_info is None and record.exc_text is None  # no traceback (its frames can quote data)
        assert "GEHEIME" not in record.getMessage() and "secret" not in record.getMessage()


def test_adopted_report_is_frozen_when_data_changes_afterwards(records, build, d,
                                                               django_capture_on_commit_callbacks):
    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    jv = services.narratief_bijwerken(jaarverslag=jv, door=cast.vp, voorwoord="Een goed jaar.",
                                      aanbevelingen="Meer voorlichting.")
    generate(jv, cast.vp, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.vp)  # default: only the coordinator
    with django_capture_on_commit_callbacks(execute=True):
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.coordinator)
    jv.refresh_from_db()
    assert jv.is_vastgesteld
    cijfers = jv.cijfers
    # The frozen figures keep taxonomy order on every database (PostgreSQL's jsonb would sort the keys).
    from reports.figures import compute_figures

    assert list(cijfers["vertrouwenspersonen"]["per_onderwerp"]) == list(
        compute_figures(cast.org, 2025)["vertrouwenspersonen"]["per_onderwerp"])
    assert list(cijfers["vertrouwenspersonen"]["per_onderwerp"])[0] == "intimidatie"
    hashes = dict(jv.bestanden.values_list("formaat", "sha256"))
    assert set(hashes) == {"pdf", "docx", "xlsx", "json"}
    assert "Vastgesteld op" in pdf_text(jv) and "CONCEPT" not in pdf_text(jv)
    assert AuditEntry.objects.filter(actie="jaarverslag_vastgesteld", object_id=str(jv.pk)).exists()

    # New data for 2025 after adoption changes nothing of the adopted version.
    build.melding(datum=d(2025, 7, 1), onderwerp="financiële schendingen", onderdeel="Ruimte")
    jv.refresh_from_db()
    assert jv.cijfers == cijfers
    with pytest.raises(ValidationError):
        services.generatie_start(jaarverslag=jv, door=cast.coordinator)
    with pytest.raises(ValidationError):
        services.narratief_bijwerken(jaarverslag=jv, door=cast.vp, voorwoord="anders")
    assert dict(jv.bestanden.values_list("formaat", "sha256")) == hashes
    assert json.loads(jv.bestanden.get(formaat="json").bestand.open("rb").read())["integriteit"]["aantal_meldingen"] == 6

    # A correction is a new version with the narrative copied; the adopted one stays readable.
    nieuw = services.jaarverslag_correctie(jaarverslag=jv, door=cast.vp)
    assert (nieuw.versie, nieuw.status, nieuw.voorwoord, nieuw.vorige_versie) == (2, "concept", "Een goed jaar.", jv)
    generate(nieuw, cast.vp, django_capture_on_commit_callbacks)
    assert nieuw.cijfers["integriteit"]["aantal_meldingen"] == 7
    jv.refresh_from_db()
    assert jv.cijfers["integriteit"]["aantal_meldingen"] == 6
    # Next year's concept starts with this year's recommendations in the follow-up section.
    volgend = services.jaarverslag_create(organisatie=cast.org, jaar=2026, door=cast.vp)
    assert "Meer voorlichting." in volgend.opvolging


def test_one_concept_per_year_and_adoption_needs_figures(cast):
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    with pytest.raises(ValidationError):
        services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp2)
    with pytest.raises(ValidationError):
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.coordinator)


def test_adopter_role_is_configurable(cast):
    assert services.mag_vaststellen(cast.coordinator, cast.org)
    assert not services.mag_vaststellen(cast.vp, cast.org)
    services.rapportinstelling_wijzigen(organisatie=cast.org, vaststellen_door=VaststellenDoor.BEIDE,
                                        door=cast.coordinator)
    assert services.mag_vaststellen(cast.vp, cast.org)
    Rapportinstelling.objects.filter(organisatie=cast.org).update(vaststellen_door=VaststellenDoor.VERTROUWENSPERSOON)
    assert not services.mag_vaststellen(cast.coordinator, cast.org)
    assert not services.mag_vaststellen(cast.lezer, cast.org)


@pytest.fixture
def two_reports(cast):
    from django.utils import timezone

    concept = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    vastgesteld = Jaarverslag.objects.create(
        organisatie=cast.org, jaar=2024, status="vastgesteld", aangemaakt_door=cast.vp,
        cijfers={"minimum_celgrootte": 5}, vastgesteld_op=timezone.now(),
    )
    return concept, vastgesteld


@pytest.mark.parametrize("role,concept_status,vastgesteld_status", [
    ("vp", 200, 200), ("vp2", 200, 200), ("coordinator", 200, 200), ("lezer", 404, 200),
    ("onderzoeker", 403, 403), ("beheerder", 403, 403), ("outsider", 404, 404),
])
def test_detail_access_for_every_role(cast, client_for, two_reports, role, concept_status, vastgesteld_status):
    concept, vastgesteld = two_reports
    user = cast.roles()[role]
    # tests/conftest.py sets the outsider's password twice (VP, then coordinator): the first instance is stale.
    user.refresh_from_db()
    assert client_for(user).get(reverse("reports:detail", args=[concept.pk])).status_code == concept_status
    assert client_for(user).get(reverse("reports:detail", args=[vastgesteld.pk])).status_code == vastgesteld_status


def test_a_shared_concept_opens_for_the_reader_but_never_for_editing(cast, client_for, two_reports):
    concept, _v = two_reports
    services.jaarverslag_delen(jaarverslag=concept, lezers=[cast.lezer], door=cast.vp)
    client = client_for(cast.lezer)
    assert client.get(reverse("reports:detail", args=[concept.pk])).status_code == 200
    assert client.get(reverse("reports:bewerken", args=[concept.pk])).status_code == 403
    assert client.post(reverse("reports:genereren", args=[concept.pk])).status_code == 403
    assert AuditEntry.objects.filter(actie="jaarverslag_gedeeld").exists()
    with pytest.raises(ValidationError):
        services.jaarverslag_delen(jaarverslag=concept, lezers=[cast.vp2], door=cast.vp)  # not a reader


def test_reader_downloads_an_adopted_pdf_and_it_is_audited(records, client_for,
                                                            django_capture_on_commit_callbacks):
    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    generate(jv, cast.vp, django_capture_on_commit_callbacks)
    lezer = client_for(cast.lezer)
    assert lezer.get(reverse("reports:download", args=[jv.pk, "pdf"])).status_code == 404  # concept, not shared
    with django_capture_on_commit_callbacks(execute=True):
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.coordinator)
    response = lezer.get(reverse("reports:download", args=[jv.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert hashlib.sha256(response.content).hexdigest() == jv.bestanden.get(formaat="pdf").sha256
    assert AuditEntry.objects.filter(actie="jaarverslag_gedownload", gebruiker_id=cast.lezer.pk).exists()
    assert lezer.get(reverse("reports:voorbeeld", args=[jv.pk])).status_code == 200
    assert lezer.get(reverse("reports:download", args=[jv.pk, "exe"])).status_code == 404


def test_browser_flow_for_an_author(records, client_for, django_capture_on_commit_callbacks):
    cast = records
    vp = client_for(cast.vp)
    page = vp.get(reverse("reports:lijst"))
    assert "Er is nog geen jaarverslag" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = vp.post(reverse("reports:nieuw"), {"jaar": "2025"})
    jv = Jaarverslag.objects.get(organisatie=cast.org, jaar=2025)
    assert response["Location"] == reverse("reports:detail", args=[jv.pk])
    with django_capture_on_commit_callbacks(execute=True):
        vp.post(reverse("reports:genereren", args=[jv.pk]))
    status = vp.get(reverse("reports:status", args=[jv.pk])).json()
    assert status["status"] == "klaar" and status["voortgang"] == 100 and status["klaar"]
    vp.post(reverse("reports:bewerken", args=[jv.pk]), {"voorwoord": "Hallo **raad**", "ontwikkelingen": "",
                                                       "preventie": "", "aanbevelingen": "", "opvolging": ""})
    jv.refresh_from_db()
    assert jv.voorwoord == "Hallo **raad**"
    preview = vp.get(reverse("reports:voorbeeld", args=[jv.pk])).content.decode()
    assert "<strong>raad</strong>" in preview and "Kerncijfers in drie jaar" in preview
    detail = vp.get(reverse("reports:detail", args=[jv.pk])).content.decode()
    assert "js/jaarverslag.js" in detail and 'aria-live="polite"' in detail
    assert vp.get(reverse("reports:vaststellen", args=[jv.pk])).status_code == 403


def test_list_query_count_is_constant(cast, client_for, django_assert_max_num_queries):
    for jaar in range(2015, 2025):
        services.jaarverslag_create(organisatie=cast.org, jaar=jaar, door=cast.vp)
    client = client_for(cast.vp)
    client.get(reverse("reports:lijst"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reports:lijst")).status_code == 200


def test_cli_writes_json_to_stdout_and_pdf_to_a_file(records, tmp_path):
    out = io.StringIO()
    call_command("jaarverslag", organisatie="voorbeeldstad", jaar=2025, formaat="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["schema"] == "vertrouwd.jaarverslag.v2" and data["integriteit"]["aantal_meldingen"] == 6
    pad = tmp_path / "jv.pdf"
    call_command("jaarverslag", organisatie="voorbeeldstad", jaar=2025, formaat="pdf", uitvoer=str(pad),
                 stderr=io.StringIO())
    assert pad.read_bytes().startswith(b"%PDF")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("jaarverslag", organisatie="bestaat-niet", jaar=2025, formaat="json")
    with pytest.raises(CommandError):
        call_command("jaarverslag", organisatie="voorbeeldstad", jaar=2025, formaat="pdf")


def test_a_lost_run_is_marked_failed_so_a_new_one_can_start(cast):
    import datetime

    from django.utils import timezone

    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    lost = Generatie.objects.create(jaarverslag=jv, aangevraagd_door=cast.vp)
    Generatie.objects.filter(pk=lost.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(hours=1))
    nieuw = services.generatie_start(jaarverslag=jv, door=cast.vp)
    lost.refresh_from_db()
    assert nieuw.pk != lost.pk and lost.status == GeneratieStatus.MISLUKT and lost.foutmelding


def _files(jv) -> dict[str, str]:
    return dict(jv.bestanden.values_list("formaat", "bestand"))


def test_old_files_are_deleted_only_after_the_new_run_commits(records, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    generate(jv, cast.vp, django_capture_on_commit_callbacks)
    eerste = _files(jv)
    assert all(default_storage.exists(naam) for naam in eerste.values())

    # A run that fails after the old rows were deleted rolls back: the rows come back, so must their files.
    echte_audit = services.audit

    def audit_faalt(actie, **kwargs):
        if actie == "jaarverslag_gegenereerd":
            raise RuntimeError("database gone")
        return echte_audit(actie, **kwargs)

    monkeypatch.setattr(services, "audit", audit_faalt)
    mislukt = generate(jv, cast.vp, django_capture_on_commit_callbacks)
    assert mislukt.status == GeneratieStatus.MISLUKT
    assert _files(jv) == eerste
    assert all(default_storage.exists(naam) for naam in eerste.values())

    # A run that commits removes the old files (after the commit).
    monkeypatch.undo()
    generate(jv, cast.vp, django_capture_on_commit_callbacks)
    tweede = _files(jv)
    assert set(tweede.values()).isdisjoint(eerste.values())
    assert not any(default_storage.exists(naam) for naam in eerste.values())
    assert all(default_storage.exists(naam) for naam in tweede.values())


def test_adoption_deletes_the_concept_files_only_after_commit(records, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    cast = records
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.vp)
    generate(jv, cast.vp, django_capture_on_commit_callbacks)
    concept = _files(jv)

    def start_faalt(**kwargs):
        raise RuntimeError("broker gone")

    monkeypatch.setattr(services, "generatie_start", start_faalt)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.coordinator)
    jv.refresh_from_db()
    assert jv.is_concept and _files(jv) == concept
    assert all(default_storage.exists(naam) for naam in concept.values())

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.jaarverslag_vaststellen(jaarverslag=jv, door=cast.coordinator)
    assert len(callbacks) >= len(concept)
    assert not any(default_storage.exists(naam) for naam in concept.values())
