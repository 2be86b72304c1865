"""Encrypted files in S3-compatible object storage (MinIO, a Dutch cloud provider's object store), for
deployments with several web servers and no shared filesystem. Chosen with MEDIA_STORAGE=s3 (config/settings.py,
docs/operations.md "Scale-out"). The bucket only ever receives ciphertext: encryption happens in the app."""

from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

from accounts.encryption import EncryptingStorageMixin


class EncryptedS3Storage(EncryptingStorageMixin, S3Storage):
    def _write_raw(self, name, data: bytes) -> None:
        """One PUT of the whole object under the same key (S3 replaces objects atomically)."""
        S3Storage._save(self, name, ContentFile(data))
