"""A model that exists only in tests, to exercise the encryption primitives on their own."""

from django.db import models

from accounts.encryption import EncryptedJSONField, EncryptedTextField


class Geheim(models.Model):
    tekst = EncryptedTextField(blank=True)
    gegevens = EncryptedJSONField(null=True, blank=True)
    bijlage = models.FileField(upload_to="geheim/", blank=True)

    def __str__(self) -> str:
        return f"Geheim #{self.pk}"
