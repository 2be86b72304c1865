"""The web flow: upload → check → confirm, the error table, export downloads, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.audit import AuditEntry
from meldingen.models import Melding
from tests.uitwisseling.conftest import dossier, maak_csv, maak_xlsx, melding
from uitwisseling.models import ImportBestand
from vertrouwenspersonen.models import Dossier


def _upload(client, data: bytes, naam="register.csv", **extra):
    return client.post(reverse("uitwisseling:importeren"),
                       {"bestand": SimpleUploadedFile(naam, data), **extra})


def test_index_shows_the_right_register_per_role(cast, client_for):
    page = client_for(cast.coordinator).get(reverse("uitwisseling:index"))
    assert page.status_code == 200
    assert b"datum_ontvangst" in page.content and b"datum_eerste_contact" not in page.content
    page = client_for(cast.vp).get(reverse("uitwisseling:index"))
    assert b"datum_eerste_contact" in page.content and b"datum_ontvangst" not in page.content


@pytest.mark.parametrize("role", ["onderzoeker", "lezer", "beheerder"])
def test_other_roles_get_403(cast, client_for, role):
    client = client_for(getattr(cast, role))
    assert client.get(reverse("uitwisseling:index")).status_code == 403
    assert _upload(client, maak_csv([melding()])).status_code == 403
    assert client.get(reverse("uitwisseling:exporteren")).status_code == 403


def test_coordinator_upload_check_confirm(cast, client_for):
    client = client_for(cast.coordinator)
    response = _upload(client, maak_csv([melding(), melding(kenmerk="2023-002")], sep=";", bom=True))
    bestand = ImportBestand.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("uitwisseling:controle", args=[bestand.pk])
    assert not Melding.objects.exists()
    # Encrypted at rest: the stored bytes are not the CSV.
    with open(bestand.bestand.path, "rb") as handle:
        assert b"2023-001" not in handle.read()
    page = client.get(response["Location"])
    assert page.status_code == 200 and "kunnen worden geïmporteerd" in page.content.decode()
    assert b"Importeren bevestigen" in page.content
    done = client.post(reverse("uitwisseling:bevestigen", args=[bestand.pk]))
    assert done.status_code == 302
    assert set(Melding.objects.values_list("kenmerk", flat=True)) == {"2023-001", "2023-002"}
    assert not ImportBestand.objects.exists()
    assert AuditEntry.objects.filter(actie="import_uitgevoerd", gebruiker_id=cast.coordinator.pk).count() == 1


def test_errors_are_shown_in_a_table_and_nothing_is_kept(cast, client_for):
    client = client_for(cast.coordinator)
    response = _upload(client, maak_xlsx([melding(bron="burger")]), naam="register.xlsx")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html and "burger" in html and "intern, extern" in html and "Er is niets geïmporteerd" in html
    assert not ImportBestand.objects.exists() and not Melding.objects.exists()


def test_a_vp_imports_into_own_dossiers_only(cast, client_for):
    client = client_for(cast.vp)
    assert _upload(client, maak_csv([melding()]), register="meldingen").status_code == 403
    assert _upload(client, maak_csv([dossier()]), register="vertrouwenspersonen",
                   eigenaar=str(cast.vp2.pk)).status_code == 403
    response = _upload(client, maak_csv([dossier()]), register="vertrouwenspersonen")
    assert response.status_code == 302
    bestand = ImportBestand.objects.get()
    # Another VP cannot see or confirm this upload.
    other = client_for(cast.vp2)
    assert other.get(reverse("uitwisseling:controle", args=[bestand.pk])).status_code == 404
    assert other.post(reverse("uitwisseling:bevestigen", args=[bestand.pk])).status_code == 404
    assert client.post(reverse("uitwisseling:bevestigen", args=[bestand.pk])).status_code == 302
    assert list(Dossier.objects.values_list("eigenaar_id", flat=True)) == [cast.vp.pk]


def test_a_coordinator_cannot_import_into_the_vp_register(cast, client_for):
    client = client_for(cast.coordinator)
    assert _upload(client, maak_csv([dossier()]), register="vertrouwenspersonen").status_code == 403
    assert not Dossier.objects.exists()


def test_confirm_revalidates_the_stored_file(cast, client_for):
    client = client_for(cast.coordinator)
    _upload(client, maak_csv([melding()]))
    bestand = ImportBestand.objects.get()
    # Meanwhile the same kenmerk was imported by another route: confirm skips it instead of duplicating.
    from tests.uitwisseling.conftest import integriteit

    assert integriteit(cast, maak_csv([melding()])).ok
    client.post(reverse("uitwisseling:bevestigen", args=[bestand.pk]))
    assert Melding.objects.count() == 1


def test_upload_limit_is_10_mb(cast, client_for):
    client = client_for(cast.coordinator)
    just_over = b"kenmerk,datum_ontvangst,onderwerp,bron\n" + b"x" * (10 * 1024 * 1024)
    response = _upload(client, just_over)  # within the body bound: the form says it is too big
    assert response.status_code == 200 and "groter dan 10 MB" in response.content.decode()
    huge = b"x" * (11 * 1024 * 1024)
    response = _upload(client, huge)  # beyond it: not even buffered
    assert response.status_code == 413 and "groter dan 10 MB" in response.content.decode()
    assert not ImportBestand.objects.exists()


def test_upload_is_not_spooled_to_a_temporary_file(cast, client_for, settings, monkeypatch):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # would normally force a temporary file
    created = []
    original = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        created.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spy)
    response = _upload(client_for(cast.coordinator), maak_csv([melding()]))
    assert response.status_code == 302 and not created


def test_export_downloads(cast, client_for):
    from tests.uitwisseling.conftest import integriteit

    assert integriteit(cast, maak_csv([melding()])).ok
    client = client_for(cast.coordinator)
    response = client.get(reverse("uitwisseling:exporteren"), {"formaat": "csv", "jaar": "2023"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert b"2023-001" in response.content
    response = client.get(reverse("uitwisseling:exporteren"), {"formaat": "xlsx"})
    assert response.content.startswith(b"PK")
    assert client.get(reverse("uitwisseling:exporteren"), {"register": "vertrouwenspersonen"}).status_code == 403
    assert client.get(reverse("uitwisseling:exporteren"), {"formaat": "pdf"}).status_code == 400
    assert AuditEntry.objects.filter(actie="export_uitgevoerd").count() == 2


def test_vp_export_holds_only_own_dossiers(cast, client_for):
    from tests.uitwisseling.conftest import vp_import

    assert vp_import(cast, maak_csv([dossier()])).ok
    assert vp_import(cast, maak_csv([dossier(kenmerk="B2")]), door=cast.vp2, eigenaar=cast.vp2).ok
    response = client_for(cast.vp).get(reverse("uitwisseling:exporteren"), {"formaat": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "A1" in text and "B2" not in text


def test_index_page_query_count_does_not_grow_with_imports(cast, client_for, django_assert_max_num_queries):
    from tests.uitwisseling.conftest import integriteit

    client = client_for(cast.coordinator)
    client.get(reverse("uitwisseling:index"))
    for i in range(12):
        assert integriteit(cast, maak_csv([melding(kenmerk=f"2023-{i + 1:03d}")])).ok
    with django_assert_max_num_queries(12):
        assert client.get(reverse("uitwisseling:index")).status_code == 200


def test_export_of_a_filtered_list_uses_the_list_page_parameters(cast, client_for):
    from taxonomie.models import Categorie, Soort
    from tests.uitwisseling.conftest import integriteit

    rows = [melding(), melding(kenmerk="2023-002", bron="extern"),
            melding(kenmerk="2023-003", onderwerp="lekken en misbruik van informatie")]
    assert integriteit(cast, maak_csv(rows)).ok
    client = client_for(cast.coordinator)
    text = client.get(reverse("uitwisseling:exporteren"), {"formaat": "csv", "bron": "extern"}).content.decode()
    assert "2023-002" in text and "2023-001" not in text
    lekken = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).get(code="lekken-en-misbruik-van-informatie")
    text = client.get(reverse("uitwisseling:exporteren"), {"formaat": "csv", "onderwerp": lekken.pk}).content.decode()
    assert "2023-003" in text and "2023-001" not in text
    # Another organisation's category id is ignored, never a way around visibility.
    vreemd = Categorie.objects.filter(organisatie=cast.other_org).first()
    text = client.get(reverse("uitwisseling:exporteren"), {"formaat": "csv", "onderwerp": vreemd.pk,
                                                            "status": "onzin"}).content.decode()
    assert all(k in text for k in ("2023-001", "2023-002", "2023-003"))
    entry = AuditEntry.objects.filter(actie="export_uitgevoerd").order_by("id")[1]
    assert entry.details["filters"] == ["onderwerp"]


def test_vp_export_filters(cast, client_for):
    from tests.uitwisseling.conftest import vp_import

    rows = [dossier(kenmerk="A2", soort_contact="informatieverzoek", onderwerpen=""), dossier()]
    assert vp_import(cast, maak_csv(rows)).ok
    client = client_for(cast.vp)
    text = client.get(reverse("uitwisseling:exporteren"),
                      {"formaat": "csv", "soort_contact": "informatieverzoek"}).content.decode("utf-8-sig")
    assert "A2" in text and "A1" not in text


def test_unconfirmed_uploads_expire_after_a_day(cast, client_for):
    import datetime

    from django.utils import timezone

    client = client_for(cast.coordinator)
    _upload(client, maak_csv([melding()]))
    oud = ImportBestand.objects.get()
    ImportBestand.objects.filter(pk=oud.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(hours=25))
    assert client.get(reverse("uitwisseling:controle", args=[oud.pk])).status_code == 403
    assert not ImportBestand.objects.filter(pk=oud.pk).exists()
    _upload(client_for(cast.vp), maak_csv([dossier()]))
    stale = ImportBestand.objects.get()
    ImportBestand.objects.filter(pk=stale.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(days=3))
    _upload(client, maak_csv([melding()]))  # anyone's upload clears expired ones
    assert not ImportBestand.objects.filter(pk=stale.pk).exists()
    assert not Melding.objects.exists()
