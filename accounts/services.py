"""Writes for users, organisations and memberships. Each one audits in the same transaction."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, User


@transaction.atomic
def organisatie_create(
    *, naam: str, slug: str, indeling: str, onderdelen: list[str] | None = None, door: User | None = None
) -> Organisatie:
    from meldingen.taxonomie import load_presets

    organisatie = Organisatie(naam=naam, slug=slug, indeling=indeling)
    organisatie.full_clean()
    organisatie.save()
    for onderdeel_naam in onderdelen or []:
        onderdeel_create(organisatie=organisatie, naam=onderdeel_naam, door=door)
    categories = load_presets(organisatie)
    audit("organisatie_aangemaakt", gebruiker=door, organisatie=organisatie, obj=organisatie,
          details={"indeling": indeling, "categorieen": categories})
    return organisatie


@transaction.atomic
def onderdeel_create(*, organisatie: Organisatie, naam: str, geldig_van=None, door: User | None = None):
    onderdeel = Organisatieonderdeel(organisatie=organisatie, naam=naam.strip())
    if geldig_van is not None:
        onderdeel.geldig_van = geldig_van
    else:
        import datetime

        onderdeel.geldig_van = datetime.date(2000, 1, 1)
    onderdeel.full_clean()
    onderdeel.save()
    audit("onderdeel_aangemaakt", gebruiker=door, organisatie=organisatie, obj=onderdeel)
    return onderdeel


@transaction.atomic
def lidmaatschap_toevoegen(
    *, gebruiker: User, organisatie: Organisatie, rol: str, extern: bool = False, door: User | None = None, request=None
) -> Lidmaatschap:
    """Gives `gebruiker` the role in `organisatie`, or re-activates it. Idempotent."""
    if rol not in Rol.values:
        raise ValueError(f"Unknown role {rol!r}")
    lidmaatschap, created = Lidmaatschap.objects.get_or_create(
        gebruiker=gebruiker, organisatie=organisatie, rol=rol,
        defaults={"extern": extern and rol == Rol.VERTROUWENSPERSOON},
    )
    changed = created
    if not lidmaatschap.actief or (rol == Rol.VERTROUWENSPERSOON and lidmaatschap.extern != extern):
        lidmaatschap.actief = True
        lidmaatschap.extern = extern and rol == Rol.VERTROUWENSPERSOON
        lidmaatschap.save(update_fields=["actief", "extern"])
        changed = True
    if changed:
        audit("rol_toegekend", gebruiker=door, organisatie=organisatie, obj=lidmaatschap, request=request,
              details={"gebruiker_id": gebruiker.pk, "rol": rol, "extern": lidmaatschap.extern})
    return lidmaatschap


@transaction.atomic
def lidmaatschap_intrekken(*, lidmaatschap: Lidmaatschap, door: User | None = None, request=None) -> None:
    if not lidmaatschap.actief:
        return
    lidmaatschap.actief = False
    lidmaatschap.save(update_fields=["actief"])
    audit("rol_ingetrokken", gebruiker=door, organisatie=lidmaatschap.organisatie, obj=lidmaatschap, request=request,
          details={"gebruiker_id": lidmaatschap.gebruiker_id, "rol": lidmaatschap.rol})


@transaction.atomic
def gebruiker_aanmaken_of_rol_toevoegen(
    *, email: str, organisatie: Organisatie, rol: str, extern: bool = False, naam: str = "", door: User | None = None,
    request=None,
) -> tuple[User, bool]:
    """Creates the user (without a usable password) if new, and gives the role. Returns (user, created)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, naam=naam)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        audit("gebruiker_aangemaakt", gebruiker=door, organisatie=organisatie, obj=user, request=request)
    lidmaatschap_toevoegen(gebruiker=user, organisatie=organisatie, rol=rol, extern=extern, door=door, request=request)
    return user, created


def uitnodigingslink(user: User) -> str:
    """A one-time link to set a password and enrol 2FA. It stops working once the password is set."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:uitnodiging", kwargs={"uidb64": uid, "token": token})
