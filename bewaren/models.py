"""Retention terms and the destruction log. Metadata only: no row here ever holds case content."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    VP = "vp", _("VP-dossiers")
    MELDINGEN = "meldingen", _("Formele meldingen")
    # Not a case register: the free text of the VPs' activiteiten and signalen, counted from their date.
    ACTIVITEITEN = "activiteiten", _("Activiteiten en signalen (omschrijving)")


# Months after closing (DOMAIN.md, "Privacy and retention"): VP-dossiers 12 months, formal meldingen 5 years.
# Activiteiten and signalen never close: their free text goes 24 months after their date, so it is still there
# while the next jaarverslag is written; the structured facts (kind, date, hours, participants) stay.
STANDAARD_MAANDEN = {Register.VP: 12, Register.MELDINGEN: 60, Register.ACTIVITEITEN: 24}


class Bewaartermijn(models.Model):
    """The term the functioneel beheerder set for one register of one organisation; without a row the default."""

    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    register = models.CharField(_("register"), max_length=20, choices=Register.choices)
    maanden = models.PositiveSmallIntegerField(_("bewaartermijn in maanden na afsluiten"))
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [models.UniqueConstraint(fields=["organisatie", "register"], name="bewaartermijn_uniek")]

    def __str__(self) -> str:
        return f"{self.register}: {self.maanden}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.maanden is not None and not 1 <= self.maanden <= 240:
            raise ValidationError({"maanden": _("Kies een termijn tussen 1 en 240 maanden.")})


class Vernietiging(models.Model):
    """One run of destruction for one register of one organisation: what kind, how many, when, on which rule."""

    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    register = models.CharField(_("register"), max_length=20, choices=Register.choices)
    aantal = models.PositiveIntegerField(_("aantal"))
    regel = models.CharField(_("regel"), max_length=100)
    tijdstip = models.DateTimeField(_("tijdstip"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        verbose_name = _("vernietiging")
        verbose_name_plural = _("vernietigingen")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["organisatie", "tijdstip"])]

    def __str__(self) -> str:
        return f"{self.register} {self.aantal} {self.tijdstip:%Y-%m-%d}"
