"""Retention terms and the destruction log. Metadata only: no row here ever holds case content."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.encryption import EncryptedTextField


class Register(models.TextChoices):
    # The registers by their codes in accounts.models.Register, plus the VPs' own records.
    VP = "vertrouwenspersonen", _("VP-dossiers")
    MELDINGEN = "meldingen", _("Formele meldingen")
    # Not a case register: the free text of the VPs' activiteiten and signalen, counted from their date.
    ACTIVITEITEN = "activiteiten", _("Activiteiten en signalen (omschrijving)")


# Months after closing (DOMAIN.md, "Privacy and retention"): VP-dossiers 12 months, formal meldingen 5 years.
# Activiteiten and signalen never close: their free text goes 24 months after their date, so it is still there
# while the next jaarverslag is written; the structured facts (kind, date, hours, participants) stay.
STANDAARD_MAANDEN = {Register.VP: 12, Register.MELDINGEN: 60, Register.ACTIVITEITEN: 24}


class Bewaard(models.Model):
    """The retention of a closed case record, the same for both registers (a VP-dossier, a formal melding).

    The due date is set when the record is closed and cleared when it is reopened; only an extension (with an
    encrypted reason) moves it later; the daily run announces it 30 days ahead and then destroys the record. The
    register's services call `bewaring_starten`/`bewaring_stoppen` when they close and reopen; what destruction
    wipes is the register's own business (its services' `..._vernietigen`).
    """

    BEWAARREGISTER: str = ""  # the Register of the concrete model
    BEWAARVELDEN = ("vernietigen_op", "verlenging_reden", "bewaarbericht_op")

    vernietigen_op = models.DateField(_("wordt vernietigd op"), null=True, blank=True, editable=False)
    verlenging_reden = EncryptedTextField(_("reden van verlenging"), blank=True, editable=False)
    bewaarbericht_op = models.DateField(null=True, blank=True, editable=False)
    vernietigd_op = models.DateTimeField(_("vernietigd op"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def bewaring_starten(self, afgesloten_op, *, maanden: int | None = None) -> None:
        """Closed on `afgesloten_op`: due after the organisation's term (`maanden` when the caller looked it up)."""
        from bewaren import termijn

        if maanden is None:
            maanden = termijn.maanden_voor(self.organisatie, self.BEWAARREGISTER)
        self.vernietigen_op = termijn.plus_maanden(afgesloten_op, maanden)
        self.verlenging_reden = ""
        self.bewaarbericht_op = None

    def bewaring_stoppen(self) -> None:
        """Reopened: no due date until it closes again."""
        self.vernietigen_op = None
        self.bewaarbericht_op = None

    def bewaring_verlengen(self, tot, reden: str) -> bool:
        """Moves destruction to `tot` with a reason (stored encrypted). False when it was destroyed meanwhile:
        the object may be stale, so the row is updated only while it is not destroyed."""
        bijgewerkt = type(self).objects.filter(pk=self.pk, vernietigd_op__isnull=True).update(
            vernietigen_op=tot, verlenging_reden=reden, bewaarbericht_op=None)
        if bijgewerkt:
            self.vernietigen_op, self.verlenging_reden, self.bewaarbericht_op = tot, reden, None
        return bool(bijgewerkt)

    @classmethod
    def bewaarbericht_vastleggen(cls, pks, op) -> None:
        """Marks records as announced (the 30-day notice reached somebody); an announced one keeps its first date."""
        cls.objects.filter(pk__in=list(pks), bewaarbericht_op__isnull=True).update(bewaarbericht_op=op)


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
