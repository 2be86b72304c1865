"""The vertrouwenspersoon's confidential register (DOMAIN.md, "VP-registratie").

Only non-identifying, structured facts are kept in plain columns so the jaarverslag can count them in SQL.
Free text (the dossier note, gesprek notes, activity descriptions, signal themes) is encrypted at rest.
No field anywhere holds the name of a melder or veroorzaker.

Multi-valued fixed lists (hulpvraag, verwijzing, vervolg) live in small child tables with one row per value:
`GROUP BY waarde` then counts them on SQLite and PostgreSQL alike, which JSON lists cannot do portably.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from accounts.encryption import EncryptedTextField
from accounts.kenmerken import KenmerkTellerBasis
from bewaren.models import Bewaard, Register

GEEN_NAMEN = _("Schrijf hier geen namen of andere gegevens waarmee iemand herkenbaar is.")


class SoortContact(models.TextChoices):
    MELDING = "melding", _("Melding")
    INFORMATIEVERZOEK = "informatieverzoek", _("Informatieverzoek")
    ARBEIDSCONFLICT = "arbeidsconflict", _("Arbeidsconflict")


class Geslacht(models.TextChoices):
    VROUW = "vrouw", _("Vrouw")
    MAN = "man", _("Man")
    ANDERS = "anders", _("Anders")
    ONBEKEND = "onbekend", _("Onbekend / niet vastgelegd")


class RelatieVeroorzaker(models.TextChoices):
    LEIDINGGEVENDE = "leidinggevende", _("Leidinggevende (hiërarchisch hoger)")
    HOGER_MANAGEMENT = "hoger_management", _("Hoger management")
    COLLEGA = "collega", _("Collega('s)")
    ONDERGESCHIKTE = "ondergeschikte", _("Ondergeschikte")
    EXTERN = "extern", _("Extern (burger, klant, leverancier)")
    ONBEKEND = "onbekend", _("Onbekend")


class Hulpvraag(models.TextChoices):
    INFORMATIE = "informatie", _("Informatie en advies")
    UITEN = "uiten", _("Gelegenheid tot uiten (hart luchten)")
    ONDERSTEUNING = "ondersteuning", _("Ondersteuning van de melder (bij een gesprek, melding of klacht)")
    BEMIDDELING = "bemiddeling", _("Bemiddeling")


class Verwijzing(models.TextChoices):
    BMW = "bmw", _("Bedrijfsmaatschappelijk werk")
    BEDRIJFSARTS = "bedrijfsarts", _("Bedrijfsarts")
    PSYCHOLOOG = "psycholoog", _("Bedrijfspsycholoog")
    HR = "hr", _("HR-adviseur")
    LEIDINGGEVENDE = "leidinggevende", _("Leidinggevende")
    JURIDISCH = "juridisch", _("Juridische hulp")
    MEDIATION = "mediation", _("Mediation / bemiddelingsloket")
    INTEGRITEITSCOORDINATOR = "integriteitscoordinator", _("Integriteitscoördinator (formele melding)")
    KLACHTENCOMMISSIE = "klachtencommissie", _("Klachtencommissie (LKOG of intern)")
    HUIS_KLOKKENLUIDERS = "huis_klokkenluiders", _("Huis voor Klokkenluiders")
    POLITIE = "politie", _("Politie (aangifte)")
    ANDERS = "anders", _("Anders")


class Vervolg(models.TextChoices):
    FORMELE_MELDING = "formele_melding", _("Formele melding gedaan")
    KLACHT = "klacht", _("Klacht ingediend")
    AANGIFTE = "aangifte", _("Aangifte gedaan")


class Resultaat(models.TextChoices):
    BESPREEKBAAR = "bespreekbaar", _("Bespreekbaar gemaakt")
    HERHALING_VOORKOMEN = "herhaling_voorkomen", _("Herhaling voorkomen")
    ZELF_HANTEREN = "zelf_hanteren", _("Melder kan situatie zelf hanteren")
    VERTROKKEN = "vertrokken", _("Melder vertrokken")
    ONBEKEND = "onbekend", _("Onbekend")


class Verzuim(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Gespreksvorm(models.TextChoices):
    FYSIEK = "fysiek", _("Fysiek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    ONLINE = "online", _("Online")


class ActiviteitType(models.TextChoices):
    VOORLICHTING = "voorlichting", _("Voorlichting")
    INTRODUCTIE = "introductie", _("Introductiebijeenkomst")
    TRAINING = "training", _("Training / workshop")
    INTERVISIE = "intervisie", _("Intervisie")
    OVERLEG = "overleg", _("Overleg met HR, OR of directie")
    SPREEKUUR = "spreekuur", _("Spreekuur")


class SignaalOntvanger(models.TextChoices):
    DIRECTIE = "directie", _("Directie / gemeentesecretaris")
    MANAGEMENT = "management", _("Management / leidinggevenden")
    HR = "hr", _("HR")
    OR = "or", _("Ondernemingsraad")
    COORDINATOR = "coordinator", _("Integriteitscoördinator")
    ANDERS = "anders", _("Anders")


DELEN_PERMISSIE = "bekijk_gedeeld_dossier"


class KenmerkTeller(KenmerkTellerBasis):
    """The VP register's counter: kenmerk VP-YYYY-NNN (accounts/kenmerken.py holds the numbering rule)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisatie", "jaar"], name="vp_kenmerkteller_uniek")]


class Dossier(Bewaard):
    BEWAARREGISTER = Register.VP

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="vp_dossiers"
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vp_dossiers",
        verbose_name=_("vertrouwenspersoon"),
    )
    # Snapshot of the owner's membership at creation, so intern/extern counts of past years stay right.
    vp_extern = models.BooleanField(_("externe vertrouwenspersoon"), default=False, editable=False)
    # Optional: an organisation may have no units, and in a small one unit + topic can point at a person, so a VP
    # may choose not to record it ("niet vastgelegd" in the report).
    onderdeel = models.ForeignKey(
        "accounts.Organisatieonderdeel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vp_dossiers",
        verbose_name=_("organisatieonderdeel van de melder"),
    )
    eerste_contact = models.DateField(_("datum eerste contact"), default=timezone.localdate)
    # Numbered per organisation and year of the first contact, like the coordinator's register: VP-2026-001.
    # Dossiers from before that rule keep the kenmerk they were shown with (VP-<year>-<id>, see migration 0007).
    kenmerk = models.CharField(_("kenmerk"), max_length=20, editable=False)
    jaar = models.PositiveSmallIntegerField(_("jaar"), editable=False)
    volgnummer = models.PositiveIntegerField(editable=False)
    soort_contact = models.CharField(_("soort contact"), max_length=20, choices=SoortContact.choices)
    onderwerpen = models.ManyToManyField(
        "taxonomie.Categorie",
        related_name="vp_dossiers",
        verbose_name=_("onderwerpen"),
        limit_choices_to={"soort": "vp_onderwerp"},
    )
    geslacht = models.CharField(
        _("geslacht van de melder"), max_length=10, choices=Geslacht.choices, blank=True
    )
    relatie_veroorzaker = models.CharField(
        _("relatie van de veroorzaker tot de melder"),
        max_length=20,
        choices=RelatieVeroorzaker.choices,
        blank=True,
    )
    verzuim = models.CharField(
        _("verzuim bij eerste contact"), max_length=10, choices=Verzuim.choices, default=Verzuim.ONBEKEND
    )
    resultaat = models.CharField(
        _("resultaat van de begeleiding"), max_length=20, choices=Resultaat.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    notitie = EncryptedTextField(_("notitie"), blank=True, help_text=GEEN_NAMEN)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("VP-dossier")
        verbose_name_plural = _("VP-dossiers")
        ordering = ["-eerste_contact", "-id"]
        permissions = [(DELEN_PERMISSIE, "Mag een gedeeld VP-dossier inzien en bijwerken (waarneming)")]
        indexes = [
            models.Index(fields=["organisatie", "eigenaar", "status"]),
            models.Index(fields=["organisatie", "eerste_contact"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", afgesloten_op__isnull=True)
                    | models.Q(status="afgesloten", afgesloten_op__isnull=False)
                ),
                name="vp_dossier_status_afsluitdatum",
            ),
            models.UniqueConstraint(fields=["organisatie", "kenmerk"], name="vp_dossier_kenmerk_uniek"),
            models.UniqueConstraint(fields=["organisatie", "jaar", "volgnummer"], name="vp_dossier_volgnummer_uniek"),
        ]

    def __str__(self) -> str:
        return self.kenmerk

    @staticmethod
    def kenmerk_voor(jaar: int, volgnummer: int) -> str:
        """The kenmerk of a dossier: year of the first contact and sequence number, e.g. VP-2026-001."""
        return f"VP-{jaar}-{volgnummer:03d}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.onderdeel_id and self.organisatie_id and self.onderdeel.organisatie_id != self.organisatie_id:
            errors["onderdeel"] = _("Dit organisatieonderdeel hoort niet bij de organisatie van het dossier.")
        if self.afgesloten_op and self.eerste_contact and self.afgesloten_op < self.eerste_contact:
            errors["afgesloten_op"] = _("De afsluitdatum ligt vóór de datum van het eerste contact.")
        if errors:
            raise ValidationError(errors)


class _Keuze(models.Model):
    """One chosen value of a multi-valued fixed list; one row per value, so SQL can GROUP BY it."""

    waarde = models.CharField(max_length=30)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.waarde


class DossierHulpvraag(_Keuze):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="hulpvragen")
    waarde = models.CharField(_("soort hulpvraag"), max_length=30, choices=Hulpvraag.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "waarde"], name="vp_hulpvraag_uniek")]


class DossierVerwijzing(_Keuze):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="verwijzingen")
    waarde = models.CharField(_("verwezen naar"), max_length=30, choices=Verwijzing.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "waarde"], name="vp_verwijzing_uniek")]


class DossierVervolg(_Keuze):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="vervolgen")
    waarde = models.CharField(_("vervolg"), max_length=30, choices=Vervolg.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "waarde"], name="vp_vervolg_uniek")]


class DossierUserObjectPermission(UserObjectPermissionBase):
    """A guardian grant on one dossier (direct foreign key, so visibility is one join), valid until a date.

    Used for holiday cover: the owner shares a dossier with another VP of the same organisation. The grant
    stops working the day after `geldig_tot` by itself, because every read filters on that date.
    """

    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deelrechten")
    geldig_tot = models.DateField(_("gedeeld tot en met"))
    gedeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        verbose_name = _("gedeeld VP-dossier")
        verbose_name_plural = _("gedeelde VP-dossiers")
        indexes = [models.Index(fields=["user", "geldig_tot"])]


class Gesprek(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="gesprekken")
    datum = models.DateField(_("datum"), default=timezone.localdate)
    # Empty when not recorded: a gesprek taken over from an earlier register may say only that it took place.
    vorm = models.CharField(_("vorm"), max_length=12, choices=Gespreksvorm.choices, blank=True)
    duur_minuten = models.PositiveSmallIntegerField(_("duur in minuten"), null=True, blank=True)
    notitie = EncryptedTextField(_("notitie (alleen voor u)"), blank=True, help_text=GEEN_NAMEN)
    gevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gevoerd door")
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["dossier", "datum"])]

    def __str__(self) -> str:
        return f"{self.dossier} {self.datum:%Y-%m-%d}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.duur_minuten is not None and not 1 <= self.duur_minuten <= 600:
            raise ValidationError({"duur_minuten": _("Vul een duur in tussen 1 en 600 minuten.")})
        if self.datum and self.dossier_id and self.datum < self.dossier.eerste_contact:
            raise ValidationError({"datum": _("Een gesprek kan niet vóór het eerste contact liggen.")})


class Activiteit(models.Model):
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="vp_activiteiten"
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vp_activiteiten"
    )
    vp_extern = models.BooleanField(default=False, editable=False)
    soort = models.CharField(_("soort activiteit"), max_length=20, choices=ActiviteitType.choices)
    datum = models.DateField(_("datum"), default=timezone.localdate)
    uren = models.DecimalField(_("uren"), max_digits=5, decimal_places=1)
    deelnemers = models.PositiveIntegerField(_("aantal deelnemers"), null=True, blank=True)
    omschrijving = EncryptedTextField(_("korte omschrijving"), blank=True, help_text=GEEN_NAMEN)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["organisatie", "eigenaar", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%Y-%m-%d}"

    def clean(self):
        from decimal import Decimal

        from django.core.exceptions import ValidationError

        if self.uren is not None and not Decimal("0.1") <= self.uren <= Decimal("100"):
            raise ValidationError({"uren": _("Vul een aantal uren in tussen 0,1 en 100.")})


class Signaal(models.Model):
    """A signal or advice to management. The theme only: never a case, never a person."""

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="vp_signalen"
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vp_signalen"
    )
    # Snapshot of the owner's membership, as on dossiers and activiteiten: a report of the internal or the
    # external VP counts the signals given as that.
    vp_extern = models.BooleanField(default=False, editable=False)
    datum = models.DateField(_("datum"), default=timezone.localdate)
    thema = EncryptedTextField(_("thema"), help_text=GEEN_NAMEN)
    aan = models.CharField(_("gegeven aan"), max_length=20, choices=SignaalOntvanger.choices)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signaal of advies")
        verbose_name_plural = _("signalen en adviezen")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["organisatie", "eigenaar", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_aan_display()} {self.datum:%Y-%m-%d}"
