"""Encryption at rest for free text, identities and files.

Fernet (AES-128-CBC + HMAC-SHA256) via MultiFernet: the first key in VERTROUWD_ENCRYPTION_KEYS encrypts,
every key decrypts, so keys can be rotated without downtime (`manage.py rotate_encryption_keys`).
Structured, non-identifying fields stay plain so reports can aggregate them in SQL.
"""

import functools
import json
import os
import tempfile
from collections.abc import Iterator

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible

# Marks a ciphertext so a plaintext value that slipped in (e.g. via raw SQL) is detected, not "decrypted".
PREFIX = "enc1:"


@functools.lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("No encryption keys configured (VERTROUWD_ENCRYPTION_KEYS).")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "VERTROUWD_ENCRYPTION_KEYS holds a key that is not a valid Fernet key "
            "(32 url-safe base64-encoded bytes; make one with `manage.py genereer_sleutel`)."
        ) from exc


def fernet() -> MultiFernet:
    return _multifernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Stored value is not an encrypted token.")
    return fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")


def rotate_text(stored: str) -> str:
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A TextField stored as a Fernet token. Not searchable or sortable in SQL, by design."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


def zonder_vrije_tekst(qs: models.QuerySet) -> models.QuerySet:
    """`qs` without its encrypted columns: a list that never shows a description or a note should not fetch and
    decrypt 25 of them per page (issue "fast lists")."""
    return qs.defer(*(f.name for f in qs.model._meta.concrete_fields
                      if isinstance(f, (EncryptedTextField, EncryptedJSONField))))


class EncryptedJSONField(models.TextField):
    """JSON serialised, then encrypted. For small structured confidential data."""

    description = "Encrypted JSON"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


class EncryptingStorageMixin:
    """Files are encrypted before they leave the application and decrypted when opened, whatever the backend.

    The storage has no public URL: files are only streamed by views that checked access first. A backend class
    adds `_write_raw` (replace one stored file whole, for key rotation).
    """

    def _save(self, name, content):
        content.seek(0)
        ciphertext = encrypt_bytes(content.read())
        return super()._save(name, ContentFile(ciphertext))

    def _read_raw(self, name) -> bytes:
        with super()._open(name, "rb") as handle:
            return handle.read()

    def _write_raw(self, name, data: bytes) -> None:
        raise NotImplementedError

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("Encrypted files are written through save(), not opened for writing.")
        try:
            plaintext = decrypt_bytes(self._read_raw(name))
        except InvalidToken as exc:
            raise ValueError(f"File {name} cannot be decrypted with the configured keys.") from exc
        return ContentFile(plaintext, name=name)

    def size(self, name):
        # The decrypted size; the size stored is larger.
        return len(self._open(name).read())

    def url(self, name):
        raise ValueError("Encrypted files have no public URL; stream them through an access-checked view.")

    def rotate(self, name) -> None:
        """Re-encrypt one file under the newest key, replacing it whole."""
        self._write_raw(name, fernet().rotate(self._read_raw(name)))


@deconstructible
class EncryptedFileSystemStorage(EncryptingStorageMixin, FileSystemStorage):
    """The default: encrypted files below MEDIA_ROOT (a local disk, or a shared mount for several web servers)."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(location=location, **kwargs)

    def _write_raw(self, name, data: bytes) -> None:
        """Atomically: a temporary file in the same folder, then a rename."""
        path = self.path(name)
        directory = os.path.dirname(path)
        fd, tmp = tempfile.mkstemp(dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str], list[str]]]:
    """Every concrete model with encrypted text/JSON fields or encrypted file fields."""
    for model in apps.get_models():
        text = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | EncryptedJSONField)]
        files = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.FileField) and isinstance(f.storage, EncryptingStorageMixin)
        ]
        if text or files:
            yield model, text, files


def rotate_all(batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value and file under the first (newest) key. Returns counts per model."""
    from django.db import connection, transaction

    counts: dict[str, int] = {}
    for model, text_fields, file_fields in encrypted_fields():
        table = connection.ops.quote_name(model._meta.db_table)
        pk_column = model._meta.pk.column
        done = 0
        if text_fields:
            columns = [model._meta.get_field(name).column for name in text_fields]
            select = ", ".join(connection.ops.quote_name(c) for c in [pk_column, *columns])
            last_pk = None
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = f" WHERE {connection.ops.quote_name(pk_column)} > %s" if last_pk is not None else ""
                    cursor.execute(
                        f"SELECT {select} FROM {table}{where} ORDER BY {connection.ops.quote_name(pk_column)} "  # noqa: S608
                        f"LIMIT {int(batch_size)}",
                        [last_pk] if last_pk is not None else [],
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    for pk, *values in rows:
                        updates = {c: rotate_text(v) for c, v in zip(columns, values, strict=True) if v}
                        if updates:
                            assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in updates)
                            cursor.execute(
                                f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(pk_column)} = %s",  # noqa: S608
                                [*updates.values(), pk],
                            )
                            done += 1
                        last_pk = pk
        for name in file_fields:
            field = model._meta.get_field(name)
            for value in model._default_manager.exclude(**{name: ""}).values_list(name, flat=True).iterator():
                if value and field.storage.exists(value):
                    field.storage.rotate(value)
                    done += 1
        counts[model._meta.label] = done
    return counts


def _rewrite_columns(connection, table: str, columns: list[str], convert) -> int:
    """Rewrites every non-empty value of `columns` with `convert(value)` (None: leave it). Raw SQL, no model hooks."""
    quote = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('id')}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}")  # noqa: S608
        for pk, *values in cursor.fetchall():
            updates = {c: convert(v) for c, v in zip(columns, values, strict=True) if v}
            updates = {c: v for c, v in updates.items() if v is not None}
            if updates:
                assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE {quote('id')} = %s",  # noqa: S608
                               [*updates.values(), pk])
                changed += 1
    return changed


def encrypt_plain_columns(schema_editor, table: str, columns: list[str]) -> int:
    """For a data migration that turns plain columns into encrypted ones: encrypts what is not encrypted yet."""
    return _rewrite_columns(schema_editor.connection, table, columns,
                            lambda value: None if value.startswith(PREFIX) else encrypt_text(value))


def decrypt_columns(schema_editor, table: str, columns: list[str]) -> int:
    """The way back of `encrypt_plain_columns`."""
    return _rewrite_columns(schema_editor.connection, table, columns,
                            lambda value: decrypt_text(value) if value.startswith(PREFIX) else None)
