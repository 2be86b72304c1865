"""MEDIA_STORAGE=s3: encrypted files in S3-compatible object storage, against a real S3 HTTP API (moto's server,
started as a separate process). The bucket only ever holds ciphertext; the app reads, streams and rotates as with
the filesystem storage."""

import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.test_settings import PRODUCTION, run_manage
from tests.integration.conftest import free_port, stop, wait_for_port
from tests.testapp.models import Geheim

GEHEIM = b"%PDF-1.4 vertrouwelijk rapport over betrokkene B1"
BUCKET = "vertrouwd-test"
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-west-1"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, server, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)
        log.close()


@pytest.fixture
def bucket(s3_endpoint, settings, request):
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    name = f"{BUCKET}-{request.node.name[:30].replace('_', '-').lower()}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "accounts.storage_s3.EncryptedS3Storage", "OPTIONS": {
            "bucket_name": name, "endpoint_url": s3_endpoint, "access_key": "test", "secret_key": "test",
            "region_name": CREDENTIALS["region_name"], "file_overwrite": False, "default_acl": None,
        }},
    }
    return client, name


def _objects(client, name) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=name).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=name, Key=o["Key"])["Body"].read() for o in listing}


def test_the_bucket_holds_only_ciphertext_and_the_app_reads_plaintext(db, bucket):
    client, name = bucket
    geheim = Geheim()
    geheim.bijlage.save("rapport.pdf", ContentFile(GEHEIM))
    [(key, stored)] = _objects(client, name).items()
    assert key == geheim.bijlage.name
    assert GEHEIM not in stored and b"betrokkene" not in stored and stored.startswith(b"gAAAA")  # a Fernet token
    with Geheim.objects.get(pk=geheim.pk).bijlage.open("rb") as handle:
        assert handle.read() == GEHEIM
    assert default_storage.size(geheim.bijlage.name) == len(GEHEIM)
    with pytest.raises(ValueError, match="no public URL"):
        default_storage.url(geheim.bijlage.name)


def test_two_files_with_the_same_name_both_survive(db, bucket):
    client, name = bucket
    first = default_storage.save("geheim/rapport.pdf", ContentFile(b"eerste"))
    second = default_storage.save("geheim/rapport.pdf", ContentFile(b"tweede"))
    assert first != second and len(_objects(client, name)) == 2
    assert default_storage.open(first).read() == b"eerste" and default_storage.open(second).read() == b"tweede"


def test_key_rotation_rewrites_the_objects_under_the_new_key(db, bucket, settings):
    client, name = bucket
    geheim = Geheim(tekst="vertrouwelijk")
    geheim.bijlage.save("rapport.pdf", ContentFile(GEHEIM))
    before = _objects(client, name)[geheim.bijlage.name]
    new_key = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new_key, *settings.ENCRYPTION_KEYS]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = _objects(client, name)[geheim.bijlage.name]
    assert after != before and Fernet(new_key.encode()).decrypt(after) == GEHEIM


def test_an_attachment_uploaded_in_the_app_is_stored_encrypted_and_downloads(cast, client_for, bucket):
    from meldingen import services
    from taxonomie.models import Categorie, Soort

    client, name = bucket
    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()
    melding = services.melding_create(
        organisatie=cast.org, door=cast.coordinator, ontvangen_op=cast.org.aangemaakt_op, kanaal="coordinator",
        bron="intern", spoor="integriteit", onderwerp=onderwerp, omschrijving="Omschrijving",
    )
    response = client_for(cast.coordinator).post(
        reverse("meldingen:bijlage_nieuw", args=[melding.pk]),
        {"bestand": SimpleUploadedFile("verslag.txt", b"Verslag van het gesprek met B1", content_type="text/plain")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    [stored] = _objects(client, name).values()
    assert b"Verslag" not in stored
    bijlage = melding.bijlagen.get()
    download = client_for(cast.coordinator).get(reverse("meldingen:bijlage_download", args=[bijlage.pk]))
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == (
        b"Verslag van het gesprek met B1"
    )


def test_settings_refuse_s3_without_a_bucket_and_choose_it_with_one(tmp_path):
    refused = run_manage("check", env_overrides={**PRODUCTION, "MEDIA_STORAGE": "s3"}, tmp_path=tmp_path)
    assert refused.returncode != 0 and "MEDIA_STORAGE=s3 needs S3_BUCKET" in refused.stderr
    typo = run_manage("check", env_overrides={**PRODUCTION, "MEDIA_STORAGE": "nfs"}, tmp_path=tmp_path)
    assert typo.returncode != 0 and "MEDIA_STORAGE must be 'filesystem' or 's3'" in typo.stderr
    chosen = run_manage(
        "shell", "-c", "from django.core.files.storage import default_storage as s; "
        "print(s.__class__.__name__, s.bucket_name)",
        env_overrides={**PRODUCTION, "MEDIA_STORAGE": "s3", "S3_BUCKET": "gemeente-bestanden"}, tmp_path=tmp_path,
    )
    assert chosen.returncode == 0, chosen.stderr
    assert "EncryptedS3Storage gemeente-bestanden" in chosen.stdout
