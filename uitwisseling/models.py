"""Provenance and idempotency of imports, and uploads waiting for confirmation.

The registers' own models are not changed: a VP-dossier gets a kenmerk of its own (VP-2026-001), so `ImportRegel`
remembers which kenmerk of the file (or, for a row without one, which row content) became which record. A second import of the
same file finds every row here (or, for meldingen, by the melding's own kenmerk) and skips it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.encryption import EncryptedTextField
from accounts.models import Organisatie
from uitwisseling.columns import SOORT_CHOICES

REGISTER_CHOICES = SOORT_CHOICES  # a register, or a kind of VP file (uitwisseling.columns.SOORTEN)


class ImportRun(models.Model):
    """One executed import: who, when, into which register, how many rows. Never the content."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    register = models.CharField(_("register"), max_length=30, choices=REGISTER_CHOICES)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    bron = models.CharField(_("via"), max_length=10)  # web | cli
    formaat = models.CharField(_("formaat"), max_length=10)
    aangemaakt = models.PositiveIntegerField(_("aangemaakt"), default=0)
    overgeslagen = models.PositiveIntegerField(_("overgeslagen"), default=0)
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"{self.register} {self.tijdstip:%Y-%m-%d %H:%M}"


class ImportRegel(models.Model):
    """Row → record. `kenmerk` is the row's kenmerk (empty when the row had none); `vingerafdruk` identifies a
    row without kenmerk by its content and its occurrence in the file.

    The meldingenregister is one register per organisation, so its kenmerken are unique per organisation. The VP
    register is one register per vertrouwenspersoon (`eigenaar`): two VPs may both have used kenmerk "12", and one
    VP's import must neither be refused because of, nor learn anything about, another VP's dossiers."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="regels")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    register = models.CharField(max_length=30, choices=REGISTER_CHOICES)
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")  # the VP register only
    kenmerk = models.CharField(max_length=20, blank=True)
    vingerafdruk = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    rij = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "register", "kenmerk"],
                                    condition=~Q(kenmerk="") & ~Q(register="vertrouwenspersonen"),
                                    name="importregel_kenmerk_uniek"),
            models.UniqueConstraint(fields=["organisatie", "register", "vingerafdruk"],
                                    condition=~Q(register="vertrouwenspersonen"),
                                    name="importregel_vingerafdruk_uniek"),
            models.UniqueConstraint(fields=["organisatie", "eigenaar", "kenmerk"],
                                    condition=~Q(kenmerk="") & Q(register="vertrouwenspersonen"),
                                    name="importregel_vp_kenmerk_uniek"),
            models.UniqueConstraint(fields=["organisatie", "eigenaar", "vingerafdruk"],
                                    condition=Q(register="vertrouwenspersonen"),
                                    name="importregel_vp_vingerafdruk_uniek"),
        ]
        indexes = [models.Index(fields=["register", "object_id"])]

    def __str__(self) -> str:
        return f"{self.register}:{self.kenmerk or self.vingerafdruk[:8]} → {self.object_id}"


def _upload_pad(instance, filename: str) -> str:
    return f"uitwisseling/{uuid.uuid4().hex}"


BEWAARTIJD_UPLOAD = datetime.timedelta(hours=24)


class ImportBestand(models.Model):
    """An uploaded file that was validated and awaits confirmation. Encrypted at rest by the default storage;
    only the uploader reaches it, and it is removed once imported."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    register = models.CharField(max_length=30, choices=REGISTER_CHOICES)
    bestand = models.FileField(upload_to=_upload_pad)
    bestandsnaam = EncryptedTextField(blank=True)
    sha256 = models.CharField(max_length=64)
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)  # the expiry sweep looks it up

    class Meta:
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.register} {self.pk}"

    def inhoud(self) -> bytes:
        with self.bestand.open("rb") as handle:
            return handle.read()

    def verwijder(self) -> None:
        name = self.bestand.name
        storage = self.bestand.storage
        self.delete()
        if name and storage.exists(name):
            storage.delete(name)


def verlopen_uploads_opruimen() -> int:
    """Removes uploads that were checked but never confirmed within the retention time; returns how many.

    Runs on every upload and from the daily retention run, so it is cheap and idempotent: one indexed query when
    nothing expired, otherwise a lock and one bulk delete per 1000 uploads (no per-row queries, no decrypting of
    file names). Two runs at the same moment remove each upload once: a run skips the rows the other one holds
    (PostgreSQL), and a row another run already removed is neither counted nor deleted again.
    """
    from django.db import transaction
    from django.utils import timezone

    grens = timezone.now() - BEWAARTIJD_UPLOAD
    verlopen_ids = list(ImportBestand.objects.filter(aangemaakt_op__lt=grens).order_by().values_list("pk", flat=True))
    if not verlopen_ids:
        return 0
    verlopen, verwijderd = [], 0
    for start in range(0, len(verlopen_ids), 1000):  # bounded IN lists (SQLite limits bound parameters)
        with transaction.atomic():
            blok = list(ImportBestand.objects.select_for_update(skip_locked=True)
                        .filter(pk__in=verlopen_ids[start:start + 1000], aangemaakt_op__lt=grens)
                        .order_by().values_list("pk", "bestand"))
            _n, per_model = ImportBestand.objects.filter(pk__in=[pk for pk, _naam in blok]).delete()
        verwijderd += per_model.get(ImportBestand._meta.label, 0)
        verlopen += blok
    storage = ImportBestand._meta.get_field("bestand").storage
    for _pk, naam in verlopen:
        if naam and storage.exists(naam):
            storage.delete(naam)
    return verwijderd
