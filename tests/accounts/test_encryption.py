"""Free text, JSON and files are encrypted at rest; keys rotate without losing data."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from accounts.encryption import fernet
from tests.testapp.models import Geheim

SECRET_TEXT = "Melder voelt zich bedreigd door teamleider op de afdeling Burgerzaken"
SECRET_FILE = b"%PDF-1.4 vertrouwelijk onderzoeksrapport over betrokkene B1"


def raw_row(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tekst, gegevens, bijlage FROM testapp_geheim WHERE id = %s", [pk])
        return cursor.fetchone()


def on_disk(geheim: Geheim) -> bytes:
    with open(geheim.bijlage.path, "rb") as handle:
        return handle.read()


@pytest.fixture
def geheim(db):
    item = Geheim(tekst=SECRET_TEXT, gegevens={"identiteit": "Jansen", "telefoon": "0612345678"})
    item.bijlage.save("rapport.pdf", ContentFile(SECRET_FILE), save=False)
    item.save()
    return item


def test_database_row_holds_no_plaintext(geheim):
    tekst, gegevens, _ = raw_row(geheim.pk)
    assert SECRET_TEXT not in tekst and "bedreigd" not in tekst
    assert "Jansen" not in gegevens and "0612345678" not in gegevens
    assert tekst.startswith("enc1:")


def test_values_read_back_decrypted(geheim):
    fresh = Geheim.objects.get(pk=geheim.pk)
    assert fresh.tekst == SECRET_TEXT
    assert fresh.gegevens == {"identiteit": "Jansen", "telefoon": "0612345678"}


def test_empty_text_stays_empty(db):
    item = Geheim.objects.create(tekst="")
    assert raw_row(item.pk)[0] == ""
    assert Geheim.objects.get(pk=item.pk).tekst == ""


def test_stored_file_holds_no_plaintext_and_opens_decrypted(geheim):
    raw = on_disk(geheim)
    assert b"vertrouwelijk" not in raw and b"%PDF" not in raw
    with Geheim.objects.get(pk=geheim.pk).bijlage.open("rb") as handle:
        assert handle.read() == SECRET_FILE


def test_encrypted_files_have_no_public_url(geheim):
    with pytest.raises(ValueError, match="no public URL"):
        _ = geheim.bijlage.url


def test_rotation_re_encrypts_under_the_new_key(geheim, settings):
    old_key = settings.ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before_row, before_file = raw_row(geheim.pk)[0], on_disk(geheim)

    settings.ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after_row, after_file = raw_row(geheim.pk)[0], on_disk(geheim)
    assert after_row != before_row and after_file != before_file

    settings.ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything must still read
    fresh = Geheim.objects.get(pk=geheim.pk)
    assert fresh.tekst == SECRET_TEXT
    assert fresh.gegevens["identiteit"] == "Jansen"
    with fresh.bijlage.open("rb") as handle:
        assert handle.read() == SECRET_FILE


def test_data_written_under_an_unknown_key_does_not_decrypt(geheim, settings):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception):  # noqa: B017,PT011 - cryptography's InvalidToken
        Geheim.objects.get(pk=geheim.pk)


def test_invalid_key_configuration_is_reported_clearly(settings):
    settings.ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match="not a valid Fernet key"):
        fernet()
