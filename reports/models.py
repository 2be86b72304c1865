"""The jaarverslag as a document: versions, narrative, frozen figures, generation runs and generated files."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.encryption import EncryptedTextField
from accounts.models import Organisatie


class VaststellenDoor(models.TextChoices):
    COORDINATOR = "coordinator", _("De integriteitscoördinator")
    VERTROUWENSPERSOON = "vertrouwenspersoon", _("Een vertrouwenspersoon")
    BEIDE = "beide", _("De coördinator of een vertrouwenspersoon")


class Rapportinstelling(models.Model):
    """Per organisation: who may adopt (vaststellen) a jaarverslag. Without a row the default applies."""

    organisatie = models.OneToOneField(Organisatie, on_delete=models.CASCADE, related_name="rapportinstelling")
    vaststellen_door = models.CharField(
        _("wie mag vaststellen"), max_length=20, choices=VaststellenDoor.choices, default=VaststellenDoor.COORDINATOR
    )

    class Meta:
        verbose_name = _("instelling jaarverslag")
        verbose_name_plural = _("instellingen jaarverslag")

    def __str__(self) -> str:
        return f"{self.organisatie}: {self.get_vaststellen_door_display()}"


class Reikwijdte(models.TextChoices):
    """Which register(s) a report covers. Municipalities adopt separate documents (one for the internal
    vertrouwenspersonen, one for the external one, one for integrity), or one for everything."""

    ALLES = "alles", _("Alles: vertrouwenspersonen en meldingen integriteit")
    VERTROUWENSPERSONEN = "vertrouwenspersonen", _("Vertrouwenspersonen (intern en extern)")
    VP_INTERN = "vp-intern", _("Interne vertrouwenspersonen")
    VP_EXTERN = "vp-extern", _("Externe vertrouwenspersonen")
    INTEGRITEIT = "integriteit", _("Meldingen integriteit en ongewenst gedrag")


class JaarverslagStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


# The narrative sections, in the order of the document: (field name, heading).
NARRATIEF = (
    # The samenvatting is generated from the figures (reports/samenvatting.py); this is what the author adds to it.
    ("samenvatting", _("Samenvatting")),
    ("voorwoord", _("Voorwoord")),
    ("ontwikkelingen", _("Ontwikkelingen")),
    ("preventie", _("Preventie en bewustwording")),
    ("aanbevelingen", _("Aanbevelingen")),
    ("opvolging", _("Opvolging van de aanbevelingen van vorig jaar")),
)


class Jaarverslag(models.Model):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="jaarverslagen")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    # Part of the identity: a concept, an adoption and its versions are per organisation, year and scope.
    reikwijdte = models.CharField(_("reikwijdte"), max_length=20, choices=Reikwijdte.choices,
                                  default=Reikwijdte.ALLES, editable=False)
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=JaarverslagStatus.choices, default=JaarverslagStatus.CONCEPT
    )
    # Narrative sections: written for publication, plain text or Markdown (sanitised when rendered). Encrypted all
    # the same: a draft may name people before it is edited for publication.
    samenvatting = EncryptedTextField(
        _("aanvulling op de samenvatting"), blank=True,
        help_text=_("De samenvatting zelf wordt uit de cijfers gemaakt. Wat u hier schrijft, staat eronder."),
    )
    voorwoord = EncryptedTextField(_("voorwoord"), blank=True)
    ontwikkelingen = EncryptedTextField(_("ontwikkelingen"), blank=True)
    preventie = EncryptedTextField(_("preventie en bewustwording"), blank=True)
    aanbevelingen = EncryptedTextField(_("aanbevelingen"), blank=True)
    opvolging = EncryptedTextField(_("opvolging van de aanbevelingen van vorig jaar"), blank=True)
    # The figures: refreshed by every generation of a concept, frozen at adoption. Stored as the exact JSON text
    # rather than a JSONField: PostgreSQL's jsonb re-orders object keys, and the order of topics and units
    # (taxonomy order) is part of the report. Read and write through the `cijfers` property.
    cijfers_json = models.TextField(_("cijfers (JSON)"), null=True, blank=True, editable=False)
    cijfers_berekend_op = models.DateTimeField(_("cijfers berekend op"), null=True, blank=True, editable=False)
    vorige_versie = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correcties", editable=False
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True, editable=False)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    gedeeld_met = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="gedeelde_jaarverslagen",
        verbose_name=_("concept gedeeld met"),
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        ordering = ["-jaar", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "jaar", "reikwijdte", "versie"],
                                    name="jaarverslag_versie_uniek_per_reikwijdte"),
            models.CheckConstraint(
                condition=(models.Q(status="concept")
                           | models.Q(status="vastgesteld", vastgesteld_op__isnull=False, cijfers_json__isnull=False)),
                name="jaarverslag_vastgesteld_heeft_cijfers",
            ),
        ]

    def __str__(self) -> str:
        reikwijdte = "" if self.reikwijdte == Reikwijdte.ALLES else f" – {self.get_reikwijdte_display()}"
        return f"{_('Jaarverslag')} {self.jaar}{reikwijdte} {self.organisatie} (v{self.versie})"

    @property
    def cijfers(self) -> dict | None:
        if self.cijfers_json is None:
            return None
        cached = getattr(self, "_cijfers_cache", None)
        if cached is None or cached[0] != self.cijfers_json:
            cached = (self.cijfers_json, json.loads(self.cijfers_json))
            self._cijfers_cache = cached
        return cached[1]

    @cijfers.setter
    def cijfers(self, value: dict | None) -> None:
        self.cijfers_json = None if value is None else json.dumps(value, ensure_ascii=False)

    @property
    def is_concept(self) -> bool:
        return self.status == JaarverslagStatus.CONCEPT

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == JaarverslagStatus.VASTGESTELD

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.jaar is not None and not 2000 <= self.jaar <= 2100:
            raise ValidationError({"jaar": _("Kies een jaar tussen 2000 en 2100.")})


class GeneratieStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


class Generatie(models.Model):
    """One run of the generation task. A retry is a new run; the failed one stays as history."""

    jaarverslag = models.ForeignKey(Jaarverslag, on_delete=models.CASCADE, related_name="generaties")
    status = models.CharField(_("status"), max_length=10, choices=GeneratieStatus.choices,
                              default=GeneratieStatus.WACHTRIJ)
    voortgang = models.PositiveSmallIntegerField(_("voortgang"), default=0)
    stap = models.CharField(_("stap"), max_length=60, blank=True)
    # A generic message only: never a traceback, never case content.
    foutmelding = models.CharField(_("foutmelding"), max_length=300, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    # Written by the worker at every step and by a background thread during a long render: a busy run whose
    # heartbeat stopped lost its worker (reports/services.py, vastgelopen_opruimen).
    hartslag_op = models.DateTimeField(_("laatste hartslag"), null=True, blank=True, editable=False)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("generatie")
        verbose_name_plural = _("generaties")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self) -> str:
        return f"{self.jaarverslag} – {self.get_status_display()}"

    @property
    def is_lopend(self) -> bool:
        return self.status in (GeneratieStatus.WACHTRIJ, GeneratieStatus.BEZIG)


class Formaat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    XLSX = "xlsx", _("Excel (XLSX)")
    JSON = "json", "JSON"


CONTENT_TYPES = {
    Formaat.PDF: "application/pdf",
    Formaat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Formaat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Formaat.JSON: "application/json",
}


def _bestand_pad(instance, filename: str) -> str:
    return f"jaarverslagen/{uuid.uuid4().hex}"


class Rapportbestand(models.Model):
    """A generated file, encrypted at rest by the default storage, with the SHA-256 of its plain content."""

    jaarverslag = models.ForeignKey(Jaarverslag, on_delete=models.CASCADE, related_name="bestanden")
    generatie = models.ForeignKey(Generatie, on_delete=models.SET_NULL, null=True, related_name="bestanden")
    formaat = models.CharField(_("formaat"), max_length=5, choices=Formaat.choices)
    bestand = models.FileField(_("bestand"), upload_to=_bestand_pad)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    grootte = models.PositiveIntegerField(_("grootte in bytes"))
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rapportbestand")
        verbose_name_plural = _("rapportbestanden")
        ordering = ["formaat", "-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.jaarverslag} {self.formaat}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.formaat]

    @property
    def bestandsnaam(self) -> str:
        jv = self.jaarverslag
        reikwijdte = "" if jv.reikwijdte == Reikwijdte.ALLES else f"-{jv.reikwijdte}"
        return f"jaarverslag-{jv.organisatie.slug}-{jv.jaar}{reikwijdte}-v{jv.versie}.{self.formaat}"
