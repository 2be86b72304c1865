"""The coordinator's register: formal meldingen integriteit en ongewenst gedrag (DOMAIN.md, section 2).

Structured, non-identifying fields stay plain so reports can aggregate them; everything a person typed
about the case (description, identity, notes, conclusions, reasons) is an EncryptedTextField.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.encryption import EncryptedTextField
from accounts.kenmerken import KenmerkTellerBasis
from accounts.models import Organisatie, Organisatieonderdeel
from bewaren.models import Bewaard, Register
from taxonomie.models import Categorie, Soort


class Kanaal(models.TextChoices):
    LEIDINGGEVENDE = "leidinggevende", _("Via leidinggevende")
    VERTROUWENSPERSOON = "vertrouwenspersoon", _("Via vertrouwenspersoon")
    COORDINATOR = "coordinator", _("Rechtstreeks bij de coördinator")
    MELDPUNT = "meldpunt", _("Centraal meldpunt")
    ANONIEM = "anoniem", _("Anoniem")
    EXTERN = "extern", _("Extern (bijvoorbeeld Huis voor Klokkenluiders)")


class Bron(models.TextChoices):
    INTERN = "intern", _("Intern (medewerker)")
    EXTERN = "extern", _("Extern (burger, bedrijf of andere buitenstaander)")


class Spoor(models.TextChoices):
    ONGEWENST_GEDRAG = "ongewenst_gedrag", _("Ongewenst gedrag")
    INTEGRITEIT = "integriteit", _("Vermoeden integriteitsschending")
    MISSTAND = "misstand", _("Vermoeden misstand (Wbk)")


# The presets' onderwerpen that are unwanted behaviour rather than an integrity violation.
ONGEWENST_GEDRAG_ONDERWERPEN = {"ongewenste-omgangsvormen", "omgaan-met-elkaar"}


def spoor_bij_onderwerp(onderwerp: Categorie, *, intern_traject: bool = False) -> str:
    """The spoor an onderwerp belongs to when nobody said otherwise (an import without a spoor, the demo data):
    unwanted behaviour for an intern traject or its own onderwerpen, misstand for a misstand, else integrity."""
    if intern_traject:
        return Spoor.ONGEWENST_GEDRAG
    if "misstand" in onderwerp.code:
        return Spoor.MISSTAND
    if onderwerp.code in ONGEWENST_GEDRAG_ONDERWERPEN:
        return Spoor.ONGEWENST_GEDRAG
    return Spoor.INTEGRITEIT


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    FEITENONDERZOEK = "feitenonderzoek", _("Feitenonderzoek")
    BESLUITVORMING = "besluitvorming", _("Besluitvorming")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")
    HEROPEND = "heropend", _("Heropend")


class Beoordeling(models.TextChoices):
    FEITENONDERZOEK = "feitenonderzoek", _("Feitenonderzoek starten")
    INTERN_TRAJECT = "intern_traject", _("Via interne regeling ongewenst gedrag")
    GEEN_REDELIJK_VERMOEDEN = "geen_redelijk_vermoeden", _("Geen redelijk vermoeden")
    NIET_ONDERZOEKBAAR = "niet_onderzoekbaar", _("Niet onderzoekbaar")
    IN_DE_LIJN = "in_de_lijn", _("In de lijn opgepakt")
    ARBEIDSCONFLICT = "arbeidsconflict", _("Arbeidsconflict")
    FUNCTIONERINGSKWESTIE = "functioneringskwestie", _("Functioneringskwestie")


class Functiecategorie(models.TextChoices):
    MEDEWERKER = "medewerker", _("Medewerker")
    LEIDINGGEVENDE = "leidinggevende", _("Leidinggevende")
    MANAGEMENT = "management", _("Management")
    EXTERN = "extern", _("Extern")
    ONBEKEND = "onbekend", _("Onbekend")


class Uitvoering(models.TextChoices):
    INTERN = "intern", _("Intern")
    EXTERN_BUREAU = "extern_bureau", _("Extern bureau")


class TrajectResultaat(models.TextChoices):
    LOPEND = "lopend", _("Nog lopend")
    OVEREENSTEMMING = "overeenstemming", _("Overeenstemming bereikt")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijk opgelost")
    GEEN_OVEREENSTEMMING = "geen_overeenstemming", _("Geen overeenstemming")
    AFGEBROKEN = "afgebroken", _("Afgebroken")


class TermijnSoort(models.TextChoices):
    ONTVANGSTBEVESTIGING = "ontvangstbevestiging", _("Ontvangstbevestiging")
    TERUGKOPPELING = "terugkoppeling", _("Informatie over beoordeling en opvolging")


class KenmerkTeller(KenmerkTellerBasis):
    """The meldingen register's counter: kenmerk YYYY-NNN (accounts/kenmerken.py holds the numbering rule)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisatie", "jaar"], name="kenmerkteller_uniek")]


class SpoorInstelling(models.Model):
    """Per organisation and spoor: are the Wbk deadlines tracked? Without a row the default applies."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    spoor = models.CharField(_("spoor"), max_length=30, choices=Spoor.choices)
    wbk_termijnen = models.BooleanField(_("Wbk-termijnen bewaken"))

    class Meta:
        verbose_name = _("instelling per spoor")
        constraints = [models.UniqueConstraint(fields=["organisatie", "spoor"], name="spoorinstelling_uniek")]

    def __str__(self) -> str:
        return f"{self.get_spoor_display()}: {self.wbk_termijnen}"


# Need-to-know that ends: an onderzoeker reads a finished investigation this many days, then loses it.
STANDAARD_ONDERZOEKSTOEGANG_DAGEN = 30


class Registerinstelling(models.Model):
    """The organisation's settings of the meldingenregister that are not per spoor. Without a row the defaults apply."""

    organisatie = models.OneToOneField(Organisatie, on_delete=models.PROTECT, related_name="+")
    onderzoekstoegang_dagen = models.PositiveSmallIntegerField(
        _("dagen leestoegang voor onderzoekers na afronding"), default=STANDAARD_ONDERZOEKSTOEGANG_DAGEN,
        validators=[MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("instelling van het meldingenregister")

    def __str__(self) -> str:
        return f"{self.organisatie_id}: {self.onderzoekstoegang_dagen} dagen"


class Melding(Bewaard):
    BEWAARREGISTER = Register.MELDINGEN

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="meldingen")
    kenmerk = models.CharField(_("kenmerk"), max_length=20, editable=False)
    jaar = models.PositiveSmallIntegerField(_("jaar"), editable=False)
    volgnummer = models.PositiveIntegerField(editable=False)
    ontvangen_op = models.DateField(_("datum ontvangst"))
    kanaal = models.CharField(_("kanaal"), max_length=30, choices=Kanaal.choices)
    bron = models.CharField(_("bron"), max_length=10, choices=Bron.choices)
    spoor = models.CharField(_("spoor"), max_length=30, choices=Spoor.choices)
    onderwerp = models.ForeignKey(
        Categorie, on_delete=models.PROTECT, related_name="+", verbose_name=_("onderwerp"),
        limit_choices_to={"soort": Soort.INTEGRITEIT_ONDERWERP},
    )
    onderdeel = models.ForeignKey(
        Organisatieonderdeel, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisatieonderdeel"),
    )
    omschrijving = EncryptedTextField(_("omschrijving"))
    melder_identiteit = EncryptedTextField(
        _("identiteit van de melder"), blank=True,
        help_text=_("Alleen invullen als de melder die heeft gegeven. Wordt versleuteld opgeslagen."),
    )
    aangifte = models.BooleanField(_("aangifte bij de politie gedaan"), default=False)
    aangifte_op = models.DateField(_("datum aangifte"), null=True, blank=True)
    organisatorische_maatregelen = EncryptedTextField(
        _("organisatorische maatregelen en lessen"), blank=True
    )
    beoordeling = models.CharField(_("beoordeling"), max_length=30, choices=Beoordeling.choices, blank=True)
    # The current status, kept beside the pointer so lists filter on a plain column.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONTVANGEN,
                              editable=False)
    huidige_wijziging = models.ForeignKey(
        "StatusWijziging", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    afgehandeld_op = models.DateField(_("datum afgehandeld"), null=True, blank=True, editable=False)
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-ontvangen_op", "-volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "kenmerk"], name="melding_kenmerk_uniek"),
            models.UniqueConstraint(fields=["organisatie", "jaar", "volgnummer"], name="melding_volgnummer_uniek"),
        ]
        indexes = [
            models.Index(fields=["organisatie", "status"]),
            models.Index(fields=["organisatie", "jaar"]),
            # The jaarverslag selects a year by date range.
            models.Index(fields=["organisatie", "ontvangen_op"]),
        ]

    def __str__(self) -> str:
        return self.kenmerk

    @staticmethod
    def kenmerk_voor(jaar: int, volgnummer: int) -> str:
        """The kenmerk of a melding: year of receipt and sequence number, e.g. 2025-014."""
        return f"{jaar}-{volgnummer:03d}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.onderwerp_id and (
            self.onderwerp.soort != Soort.INTEGRITEIT_ONDERWERP or self.onderwerp.organisatie_id != self.organisatie_id
        ):
            errors["onderwerp"] = _("Kies een onderwerp uit de integriteitsindeling van deze organisatie.")
        if self.onderdeel_id and self.onderdeel.organisatie_id != self.organisatie_id:
            errors["onderdeel"] = _("Kies een onderdeel van deze organisatie.")
        if self.aangifte_op and not self.aangifte:
            errors["aangifte_op"] = _("Een datum van aangifte hoort alleen bij een gedane aangifte.")
        if errors:
            raise ValidationError(errors)


class StatusBron(models.TextChoices):
    """Where a history row comes from (meldingen/workflow.py, "Imported history")."""

    APP = "app", _("vastgelegd in Vertrouwd")
    IMPORT = "import", _("overgenomen uit een eerder register")


class StatusWijzigingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The status history is append-only.")

    def delete(self):
        raise PermissionError("The status history is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        from accounts.snel_invoegen import snel_invoegen

        objs = list(objs)
        for wijziging in objs:
            wijziging.clean()  # the transition check binds bulk writers too
        if args or kwargs.keys() - {"batch_size"}:
            return super().bulk_create(objs, *args, **kwargs)
        return snel_invoegen(objs)


class StatusWijziging(models.Model):
    """Append-only: a row is never changed or removed once written."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="statuswijzigingen")
    van_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=Status.choices)
    reden = EncryptedTextField(_("reden"), blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField()
    bron = models.CharField(_("herkomst"), max_length=10, choices=StatusBron.choices, default=StatusBron.APP)

    objects = StatusWijzigingQuerySet.as_manager()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.van_status} → {self.naar_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The status history is append-only.")
        self.clean()  # every writer passes the transition check, also one that skips full_clean
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The status history is append-only.")

    def clean(self):
        from meldingen.workflow import check_history_row

        check_history_row(self.van_status, self.naar_status, self.bron)


class Termijn(models.Model):
    """A legal deadline, computed once when it starts and stored with the rule that produced it."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="termijnen")
    soort = models.CharField(_("termijn"), max_length=30, choices=TermijnSoort.choices)
    regel = models.CharField(_("regel"), max_length=60)
    gestart_op = models.DateField(_("gestart op"))
    uiterlijk_op = models.DateField(_("uiterlijk op"))
    voldaan_op = models.DateField(_("voldaan op"), null=True, blank=True)

    class Meta:
        ordering = ["uiterlijk_op"]
        constraints = [models.UniqueConstraint(fields=["melding", "soort"], name="termijn_uniek_per_soort")]
        indexes = [models.Index(fields=["voldaan_op", "uiterlijk_op"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.uiterlijk_op:%d-%m-%Y}"


class Betrokkene(models.Model):
    """A person the melding is about, only as a pseudonym (B1, B2 …)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="betrokkenen")
    volgnummer = models.PositiveSmallIntegerField(editable=False)
    functiecategorie = models.CharField(_("functiecategorie"), max_length=20, choices=Functiecategorie.choices)
    bevinding = models.ForeignKey(
        Categorie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bevinding"),
        limit_choices_to={"soort": Soort.BEVINDING},
    )

    class Meta:
        ordering = ["volgnummer"]
        constraints = [models.UniqueConstraint(fields=["melding", "volgnummer"], name="betrokkene_volgnummer_uniek")]

    def __str__(self) -> str:
        return self.pseudoniem

    @property
    def pseudoniem(self) -> str:
        return f"B{self.volgnummer}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.bevinding_id and (
            self.bevinding.soort != Soort.BEVINDING or self.bevinding.organisatie_id != self.melding.organisatie_id
        ):
            raise ValidationError({"bevinding": _("Kies een bevinding uit de lijst van deze organisatie.")})


class Maatregel(models.Model):
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="maatregelen")
    soort = models.ForeignKey(
        Categorie, on_delete=models.PROTECT, related_name="+", verbose_name=_("maatregel"),
        limit_choices_to={"soort": Soort.MAATREGEL},
    )
    besloten_op = models.DateField(_("datum besluit"))

    class Meta:
        ordering = ["besloten_op", "id"]

    def __str__(self) -> str:
        return str(self.soort)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.soort_id and (
            self.soort.soort != Soort.MAATREGEL
            or self.soort.organisatie_id != self.betrokkene.melding.organisatie_id
        ):
            raise ValidationError({"soort": _("Kies een maatregel uit de lijst van deze organisatie.")})


class Feitenonderzoek(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="onderzoeken")
    # A named director and a named bureau: encrypted like every other name (max_length only limits the form).
    opdrachtgever = EncryptedTextField(
        _("opdrachtgever"), max_length=200, help_text=_("De verantwoordelijke directeur (functie).")
    )
    uitvoering = models.CharField(_("uitgevoerd door"), max_length=20, choices=Uitvoering.choices)
    bureau = EncryptedTextField(_("naam extern bureau"), max_length=200, blank=True)
    startdatum = models.DateField(_("startdatum"))
    geplande_einddatum = models.DateField(_("geplande einddatum"), null=True, blank=True)
    einddatum = models.DateField(_("werkelijke einddatum"), null=True, blank=True)
    hoor_en_wederhoor = models.BooleanField(_("hoor en wederhoor toegepast"), default=False)
    conclusie = EncryptedTextField(_("conclusie"), blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feitenonderzoek")
        verbose_name_plural = _("feitenonderzoeken")
        ordering = ["-startdatum", "-id"]
        # The grant that makes an onderzoeker "assigned" (django-guardian, direct foreign key).
        permissions = [("uitvoeren_feitenonderzoek", "Mag het feitenonderzoek uitvoeren")]

    def __str__(self) -> str:
        return f"{_('Feitenonderzoek')} {self.melding.kenmerk}"

    @property
    def organisatie(self):
        return self.melding.organisatie

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.uitvoering == Uitvoering.EXTERN_BUREAU and not self.bureau.strip():
            errors["bureau"] = _("Vul de naam van het externe bureau in.")
        if self.geplande_einddatum and self.startdatum and self.geplande_einddatum < self.startdatum:
            errors["geplande_einddatum"] = _("De geplande einddatum ligt vóór de startdatum.")
        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            errors["einddatum"] = _("De einddatum ligt vóór de startdatum.")
        if errors:
            raise ValidationError(errors)


class InternTraject(models.Model):
    """Mediation between melder and the other person: not a finding of guilt."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="trajecten")
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    resultaat = models.CharField(
        _("resultaat"), max_length=30, choices=TrajectResultaat.choices, default=TrajectResultaat.LOPEND
    )

    class Meta:
        verbose_name = _("intern traject")
        ordering = ["-startdatum", "-id"]

    def __str__(self) -> str:
        return f"{_('Intern traject')} {self.startdatum}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.einddatum and self.startdatum and self.einddatum < self.startdatum:
            raise ValidationError({"einddatum": _("De einddatum ligt vóór de startdatum.")})


class LogboekRegel(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="logboek")
    tijdstip = models.DateTimeField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    notitie = EncryptedTextField(_("notitie"))

    class Meta:
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"{_('Logboekregel')} {self.pk}"


def _bijlage_pad(instance, filename: str) -> str:
    # A random name without extension: the original name can identify someone and is stored encrypted instead.
    return f"meldingen/{uuid.uuid4().hex}"


class Bijlage(models.Model):
    """An attachment, encrypted at rest by the default storage; streamed only by an access-checked view."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="bijlagen")
    feitenonderzoek = models.ForeignKey(
        Feitenonderzoek, on_delete=models.CASCADE, null=True, blank=True, related_name="bijlagen"
    )
    is_rapport = models.BooleanField(_("onderzoeksrapport"), default=False)
    bestand = models.FileField(_("bestand"), upload_to=_bijlage_pad)
    bestandsnaam = EncryptedTextField(_("bestandsnaam"))
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["-geupload_op", "-id"]

    def __str__(self) -> str:
        return f"{_('Bijlage')} {self.pk}"
