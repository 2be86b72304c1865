import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditEntry  # noqa: F401  (the audit log lives beside its service)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # E-mail addresses are matched without regard to case: "VP@x.nl" is the same account as "vp@x.nl".
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


def _new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Roles live on memberships, per organisation."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer-admin"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    taal = models.CharField(
        _("taal"), max_length=5, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    # Changing this salt invalidates every session of the user ("overal uitloggen").
    sessie_salt = models.CharField(max_length=32, default=_new_session_salt, editable=False)
    # The organisation this person last worked in: preselected when they choose one at the next login.
    laatste_organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.naam or self.email

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "vertrouwd.accounts.session", f"{self.password}|{self.sessie_salt}", algorithm="sha256"
        ).hexdigest()

    def get_session_auth_fallback_hash(self):
        # Django >= 5 also accepts hashes made with SECRET_KEY_FALLBACKS; keep the salt in those too.
        from django.conf import settings

        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield salted_hmac(
                "vertrouwd.accounts.session",
                f"{self.password}|{self.sessie_salt}",
                secret=fallback_secret,
                algorithm="sha256",
            ).hexdigest()

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class Indeling(models.TextChoices):
    RIJK = "rijk", _("Rijksindeling (negen typen)")
    GEDRAGSCODE = "gedragscode", _("Indeling naar de gedragscode")


class Organisatie(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    indeling = models.CharField(
        _("indeling integriteitsmeldingen"), max_length=20, choices=Indeling.choices, default=Indeling.RIJK
    )
    minimum_celgrootte = models.PositiveSmallIntegerField(
        _("minimale celgrootte in het jaarverslag"),
        default=5,
        help_text=_("Kleinere aantallen in kruistabellen worden onderdrukt of samengevoegd."),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class GeldigheidQuerySet(models.QuerySet):
    def geldig_op(self, datum):
        return self.filter(geldig_van__lte=datum).filter(
            models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gte=datum)
        )

    def geldig_in_jaar(self, jaar: int):
        import datetime

        return self.filter(geldig_van__lte=datetime.date(jaar, 12, 31)).filter(
            models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gte=datetime.date(jaar, 1, 1))
        )

    def delete(self):
        raise models.ProtectedError(_("Ingetrokken in plaats van verwijderd: zet een einddatum."), set(self))


class Geldigheid(models.Model):
    """Valid-from / valid-until; never hard-deleted, so past years keep their names."""

    geldig_van = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = GeldigheidQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Ingetrokken in plaats van verwijderd: zet een einddatum."), {self})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.geldig_tot and self.geldig_van and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": _("De einddatum ligt vóór de begindatum.")})


class Organisatieonderdeel(Geldigheid):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="onderdelen")
    naam = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("organisatieonderdeel")
        verbose_name_plural = _("organisatieonderdelen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "naam", "geldig_van"], name="onderdeel_uniek_per_periode")
        ]

    def __str__(self) -> str:
        return self.naam


class Register(models.TextChoices):
    """The two registers, by the one code every app uses for them (import/export, retention, audit details)."""

    VERTROUWENSPERSONEN = "vertrouwenspersonen", _("VP-registratie")
    MELDINGEN = "meldingen", _("Meldingenregister integriteit en ongewenst gedrag")


class Rol(models.TextChoices):
    VERTROUWENSPERSOON = "vertrouwenspersoon", _("Vertrouwenspersoon")
    COORDINATOR = "coordinator", _("Integriteitscoördinator")
    ONDERZOEKER = "onderzoeker", _("Onderzoeker")
    RAPPORTAGELEZER = "rapportagelezer", _("Rapportagelezer")
    BEHEERDER = "beheerder", _("Functioneel beheerder")


class LidmaatschapQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(actief=True, gebruiker__is_active=True)

    def actieve_rol(self, gebruiker, organisatie, *rollen: str) -> "Lidmaatschap | None":
        """The one answer to "is this user an active <rol> of this organisation?": the membership, or None.

        Without `rollen`, any role counts. Views ask `accounts.access.has_role(request, ...)`, which reads the same
        active memberships, loaded once per request by the organisation middleware.
        """
        qs = self.actief().filter(gebruiker=gebruiker, organisatie=organisatie)
        if rollen:
            qs = qs.filter(rol__in=rollen)
        return qs.order_by("pk").first()


class Lidmaatschap(models.Model):
    """A role of a user in one organisation. One user can hold several roles in several organisations."""

    gebruiker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lidmaatschappen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="lidmaatschappen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    extern = models.BooleanField(
        _("extern"), default=False, help_text=_("Alleen voor vertrouwenspersonen: externe vertrouwenspersoon.")
    )
    actief = models.BooleanField(_("actief"), default=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol in organisatie")
        verbose_name_plural = _("rollen in organisaties")
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "organisatie", "rol"], name="een_rol_eenmaal_per_organisatie")
        ]
        ordering = ["organisatie__naam", "rol"]

    def __str__(self) -> str:
        label = self.get_rol_display()
        if self.rol == Rol.VERTROUWENSPERSOON:
            label = f"{label} ({_('extern') if self.extern else _('intern')})"
        return f"{label} – {self.organisatie}"


class Roluitnodiging(models.Model):
    """A role offered to an account that already works for another organisation; it counts once accepted.

    Until then the inviting organisation's beheerder sees an invited placeholder and can do nothing to the account:
    a role there would otherwise let that beheerder reset the person's second factor, which also guards the
    person's other organisations (docs/security.md, "Between organisations").
    """

    gebruiker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roluitnodigingen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="roluitnodigingen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    extern = models.BooleanField(_("extern"), default=False)
    uitgenodigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging voor een rol")
        verbose_name_plural = _("uitnodigingen voor een rol")
        ordering = ["aangemaakt_op", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "organisatie", "rol"], name="een_roluitnodiging_per_rol")
        ]

    def __str__(self) -> str:
        return f"{self.get_rol_display()} – {self.organisatie} ({_('uitgenodigd')})"


from accounts.sso.models import SsoKoppeling, SsoTweedeFactor  # noqa: E402,F401  (registered with this app)
