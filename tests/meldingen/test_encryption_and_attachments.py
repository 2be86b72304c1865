import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from meldingen import services
from meldingen.models import Bijlage
from meldingen.services.bijlagen import sniff_content_type
from tests.meldingen.factories import onderzoek

SECRET_TEXT = b"Zeer geheime rapporttekst over persoon Z"


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table from the model
        return repr(cursor.fetchall())


def test_it_stores_description_identity_notes_and_conclusion_only_encrypted(cast, melding):
    services.logboek_add(melding=melding, door=cast.coordinator, notitie="Gesprek gevoerd met getuige W")
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_update(onderzoek=o, door=cast.coordinator, versie=o.versie, conclusie="Conclusie: schending")
    raw = "".join(_raw_rows(t) for t in (
        "meldingen_melding", "meldingen_logboekregel", "meldingen_feitenonderzoek", "meldingen_statuswijziging",
    ))
    for plaintext in ("Vermoeden van fraude", "Melder X", "getuige W", "Conclusie: schending"):
        assert plaintext not in raw
    assert "enc1:" in raw
    melding.refresh_from_db()
    assert melding.omschrijving == "Vermoeden van fraude met declaraties"


def test_it_never_stores_an_attachment_in_plaintext_on_disk(cast, melding, settings):
    bijlage = services.bijlage_add(
        melding=melding, door=cast.coordinator,
        bestand=SimpleUploadedFile("Verslag Jansen.txt", SECRET_TEXT, content_type="text/plain"),
    )
    path = Path(settings.MEDIA_ROOT) / bijlage.bestand.name
    on_disk = path.read_bytes()
    assert SECRET_TEXT not in on_disk and b"geheime" not in on_disk
    assert "Jansen" not in bijlage.bestand.name  # the original name is not on disk
    assert "Jansen" not in _raw_rows("meldingen_bijlage")
    assert bijlage.bestand.open("rb").read() == SECRET_TEXT


def test_it_streams_the_decrypted_attachment_as_a_download_to_the_coordinator(cast, client_for, melding):
    bijlage = services.bijlage_add(melding=melding, door=cast.coordinator,
                                   bestand=SimpleUploadedFile("notitie.txt", SECRET_TEXT))
    response = client_for(cast.coordinator).get(reverse("meldingen:bijlage_download", args=[bijlage.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET_TEXT
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")


def test_it_refuses_melding_attachments_to_the_assigned_onderzoeker_but_gives_them_their_report(
    cast, client_for, melding
):
    o = onderzoek(melding, cast.coordinator)
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    los = services.bijlage_add(melding=melding, door=cast.coordinator, bestand=SimpleUploadedFile("a.txt", b"los"))
    client = client_for(cast.onderzoeker)
    response = client.post(reverse("meldingen:onderzoek_rapport", args=[o.pk]),
                           {"bestand": SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n" + SECRET_TEXT)})
    assert response.status_code == 302
    rapport = Bijlage.objects.get(is_rapport=True)
    assert client.get(reverse("meldingen:bijlage_download", args=[rapport.pk])).status_code == 200
    assert client.get(reverse("meldingen:bijlage_download", args=[los.pk])).status_code == 404
    for role in ("vp", "lezer", "beheerder", "outsider"):
        code = client_for(cast.roles()[role]).get(reverse("meldingen:bijlage_download", args=[rapport.pk])).status_code
        assert code == (404 if role == "outsider" else 403)  # accounts/access.py: role 403, not visible 404


def test_it_rejects_a_file_whose_content_does_not_match_its_extension(cast, melding):
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationError, match="past niet bij de extensie"):
        services.bijlage_add(melding=melding, door=cast.coordinator, bestand=fake)
    assert not Bijlage.objects.exists()


def test_it_rejects_a_type_outside_the_whitelist(cast, melding):
    with pytest.raises(ValidationError, match="niet toegestaan"):
        services.bijlage_add(melding=melding, door=cast.coordinator,
                             bestand=SimpleUploadedFile("script.html", b"<script>alert(1)</script>"))


def test_it_rejects_files_over_20_mb_with_a_clear_message(cast, client_for, melding):
    big = SimpleUploadedFile("groot.txt", b"a" * (20 * 1024 * 1024 + 1))
    response = client_for(cast.coordinator).post(reverse("meldingen:bijlage_nieuw", args=[melding.pk]),
                                                 {"bestand": big})
    assert response.status_code == 200
    assert "groter dan 20 MB" in response.content.decode()
    assert not Bijlage.objects.exists()


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4 ...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "application/msword"),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
         "application/vnd.oasis.opendocument.text"),
        (_zip({"evil.exe": b"MZ"}), None),
        ("Gewone tekst met é en ü\n".encode(), "text/plain"),
        (b"\x00\x01\x02binary", None),
    ],
)
def test_it_sniffs_the_real_content_type(data, expected):
    assert sniff_content_type(data) == expected


def test_detail_lists_the_attachment_by_its_original_name(cast, client_for, melding):
    services.bijlage_add(melding=melding, door=cast.coordinator,
                         bestand=SimpleUploadedFile("verslag-gesprek.txt", b"Bijlage-inhoud-Q7"))
    page = client_for(cast.coordinator).get(reverse("meldingen:detail", args=[melding.pk])).content.decode()
    assert "verslag-gesprek.txt" in page
    assert "Bijlage-inhoud-Q7" not in page


def test_it_keeps_a_large_upload_in_memory_instead_of_a_plaintext_temp_file(cast, client_for, melding, monkeypatch):
    from django.core.files import uploadhandler

    def no_temp_files(*args, **kwargs):
        raise AssertionError("an upload was spooled to a plaintext temporary file")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", no_temp_files)
    data = b"%PDF-1.7\n" + b"x" * (3 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE (2 MB)
    response = client_for(cast.coordinator).post(reverse("meldingen:bijlage_nieuw", args=[melding.pk]),
                                                 {"bestand": SimpleUploadedFile("groot.pdf", data)})
    assert response.status_code == 302
    assert Bijlage.objects.get().bestand.open("rb").read() == data


def test_the_audit_log_holds_metadata_but_never_case_text(cast, client_for, melding):
    from accounts.audit import AuditEntry

    client = client_for(cast.coordinator)
    services.logboek_add(melding=melding, door=cast.coordinator, notitie="Notitie over getuige W")
    services.melding_update(melding=melding, door=cast.coordinator, versie=melding.versie,
                            omschrijving="Nieuwe geheime omschrijving", melder_identiteit="Andere melder V")
    client.post(reverse("meldingen:identiteit", args=[melding.pk]))
    client.get(reverse("meldingen:detail", args=[melding.pk]))
    details = repr(list(AuditEntry.objects.values_list("details", "object_id", "objecttype")))
    for plaintext in ("Vermoeden van fraude", "Melder X", "getuige W", "Nieuwe geheime", "Andere melder V"):
        assert plaintext not in details
    update = AuditEntry.objects.get(actie="melding_gewijzigd")
    assert sorted(update.details["velden"]) == ["melder_identiteit", "omschrijving"]
