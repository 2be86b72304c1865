"""Writes for users, organisations and memberships. Each one audits in the same transaction."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, Roluitnodiging, User
from accounts.wijzigen import wijzig_velden


@transaction.atomic
def organisatie_create(
    *, naam: str, slug: str, indeling: str, onderdelen: list[str] | None = None, door: User | None = None
) -> Organisatie:
    from taxonomie.services import load_presets

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


class HerstelTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of herstel-links: a key salt of their own, so an invitation link can never wipe a second factor."""

    key_salt = "vertrouwd.accounts.herstel"


herstel_token_generator = HerstelTokenGenerator()


def herstellink(user: User) -> str:
    """A one-time link to set a new password and enrol a new second factor (the old ones stop working on use)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = herstel_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:herstel", kwargs={"uidb64": uid, "token": token})


# --- Between organisations ------------------------------------------------------------------------------------
# One account can work for several organisations. A beheerder acts only on what belongs to their organisation, so
# what an organisation's beheerder may do to an account depends on whether the account also works elsewhere.


def werkt_elders(gebruiker: User, organisatie: Organisatie) -> bool:
    """The account holds an active role in another organisation than `organisatie`."""
    return Lidmaatschap.objects.actief().filter(gebruiker=gebruiker).exclude(organisatie=organisatie).exists()


def werkt_hier(gebruiker: User, organisatie: Organisatie) -> bool:
    return Lidmaatschap.objects.actieve_rol(gebruiker, organisatie) is not None


def vraagt_instemming(gebruiker: User, organisatie: Organisatie) -> bool:
    """A new role here must be accepted by the person: they work for another organisation and not (yet) here."""
    return werkt_elders(gebruiker, organisatie) and not werkt_hier(gebruiker, organisatie)


# --- Functioneel beheer (beheerder screens and the gebruiker_aanmaken command) ---------------------------


class BeheerWeigering(Exception):
    """A beheer action that is refused for a reason the beheerder must read (message is user-facing Dutch)."""


NIET_ALLEEN_HIER = gettext_lazy(
    "Deze persoon werkt ook voor een andere organisatie. Daarom kunt u %(actie)s niet: dat zou ook die andere "
    "organisatie raken. Vraag de persoon contact op te nemen met de platformbeheerder; die kan een eenmalige "
    "herstel-link naar het eigen e-mailadres van de persoon sturen."
)


def _nieuwe_sessie_salt() -> str:
    return User._meta.get_field("sessie_salt").default()


def _weiger_eigen_beheerrol(*, gebruiker: User, organisatie: Organisatie, door: User | None) -> None:
    """A beheerder must not lock themselves out of the organisation they administer."""
    from django.utils.translation import gettext as _

    if door is not None and door.pk == gebruiker.pk and Lidmaatschap.objects.filter(
        gebruiker=gebruiker, organisatie=organisatie, rol=Rol.BEHEERDER, actief=True
    ).exists():  # the membership itself, also if the account were switched off
        raise BeheerWeigering(_(
            "U kunt uw eigen rol als functioneel beheerder niet intrekken. "
            "Vraag een andere beheerder dit te doen."
        ))


@transaction.atomic
def rol_toekennen(
    *, gebruiker: User, organisatie: Organisatie, rol: str, extern: bool = False, door: User | None = None,
    request=None,
) -> Lidmaatschap | Roluitnodiging:
    """Gives a role, or, when the person works for another organisation and not here, invites them to accept it.

    Re-activates an account that was deactivated earlier (else the role would not count).
    """
    if vraagt_instemming(gebruiker, organisatie):
        return roluitnodiging_maken(gebruiker=gebruiker, organisatie=organisatie, rol=rol, extern=extern, door=door,
                                    request=request)
    if not gebruiker.is_active:
        gebruiker.is_active = True
        gebruiker.save(update_fields=["is_active"])
        audit("gebruiker_geactiveerd", gebruiker=door, organisatie=organisatie, obj=gebruiker,
              request=request)
    return lidmaatschap_toevoegen(
        gebruiker=gebruiker, organisatie=organisatie, rol=rol, extern=extern, door=door, request=request
    )


class Uitnodiging:
    """What inviting an address led to: the account needs the one-time link, a role was added, or offered."""

    LINK_NODIG = "link_nodig"
    ROL_TOEGEVOEGD = "rol_toegevoegd"
    ROL_AANGEBODEN = "rol_aangeboden"

    def __init__(self, gebruiker: User, soort: str):
        self.gebruiker = gebruiker
        self.soort = soort


@transaction.atomic
def gebruiker_uitnodigen(
    *, email: str, organisatie: Organisatie, rol: str, extern: bool = False, naam: str = "",
    door: User | None = None, request=None,
) -> Uitnodiging:
    """Creates the account or gives (or offers, see `rol_toekennen`) the role."""
    email = User.objects.normalize_email(email).lower()
    bestaand = User.objects.filter(email__iexact=email).first()
    if bestaand is None:
        user, _created = gebruiker_aanmaken_of_rol_toevoegen(
            email=email, organisatie=organisatie, rol=rol, extern=extern, naam=naam, door=door, request=request
        )
        return Uitnodiging(user, Uitnodiging.LINK_NODIG)
    resultaat = rol_toekennen(gebruiker=bestaand, organisatie=organisatie, rol=rol, extern=extern, door=door,
                              request=request)
    if isinstance(resultaat, Roluitnodiging):
        return Uitnodiging(bestaand, Uitnodiging.ROL_AANGEBODEN)
    if not bestaand.has_usable_password():
        return Uitnodiging(bestaand, Uitnodiging.LINK_NODIG)
    return Uitnodiging(bestaand, Uitnodiging.ROL_TOEGEVOEGD)


@transaction.atomic
def roluitnodiging_maken(
    *, gebruiker: User, organisatie: Organisatie, rol: str, extern: bool = False, door: User | None = None,
    request=None,
) -> Roluitnodiging:
    """Offers the role; the person accepts it after logging in. Idempotent per (person, organisation, role)."""
    if rol not in Rol.values:
        raise ValueError(f"Unknown role {rol!r}")
    uitnodiging, created = Roluitnodiging.objects.update_or_create(
        gebruiker=gebruiker, organisatie=organisatie, rol=rol,
        defaults={"extern": extern and rol == Rol.VERTROUWENSPERSOON, "uitgenodigd_door": door},
    )
    if created:
        audit("rol_aangeboden", gebruiker=door, organisatie=organisatie, obj=uitnodiging, request=request,
              details={"gebruiker_id": gebruiker.pk, "rol": rol, "extern": uitnodiging.extern})
        transaction.on_commit(lambda: _mail_na_commit(
            gebruiker, "roluitnodiging", {"uitnodiging": uitnodiging, "site_url": settings.SITE_URL}
        ))
    return uitnodiging


@transaction.atomic
def roluitnodiging_accepteren(*, uitnodiging: Roluitnodiging, door: User, request=None) -> Lidmaatschap:
    if uitnodiging.gebruiker_id != door.pk:
        raise PermissionError("Only the invited person accepts an invitation.")
    uitnodiging = Roluitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    lidmaatschap = lidmaatschap_toevoegen(gebruiker=door, organisatie=uitnodiging.organisatie, rol=uitnodiging.rol,
                                          extern=uitnodiging.extern, door=door, request=request)
    audit("rol_aanbod_geaccepteerd", gebruiker=door, organisatie=uitnodiging.organisatie, obj=lidmaatschap,
          request=request, details={"rol": uitnodiging.rol})
    uitnodiging.delete()
    return lidmaatschap


@transaction.atomic
def roluitnodiging_afwijzen(*, uitnodiging: Roluitnodiging, door: User, request=None) -> None:
    """Declined by the person, or withdrawn by a beheerder of the inviting organisation."""
    actie = "rol_aanbod_geweigerd" if door.pk == uitnodiging.gebruiker_id else "rol_aanbod_ingetrokken"
    audit(actie, gebruiker=door, organisatie=uitnodiging.organisatie, obj=uitnodiging, request=request,
          details={"gebruiker_id": uitnodiging.gebruiker_id, "rol": uitnodiging.rol})
    uitnodiging.delete()


def open_roluitnodigingen(gebruiker: User):
    return Roluitnodiging.objects.filter(gebruiker=gebruiker).select_related("organisatie").order_by("aangemaakt_op")


def _mail(gebruiker: User, sjabloon: str, context: dict) -> None:
    """An account e-mail in the person's own language: templates accounts/email/<sjabloon>(_onderwerp).txt."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    context = {"gebruiker": gebruiker, **context}
    with translation.override(gebruiker.taal or "nl"):
        onderwerp = render_to_string(f"accounts/email/{sjabloon}_onderwerp.txt", context).strip()
        tekst = render_to_string(f"accounts/email/{sjabloon}.txt", context)
    send_mail(onderwerp, tekst, None, [gebruiker.email])


def _mail_na_commit(gebruiker: User, sjabloon: str, context: dict) -> None:
    """An account e-mail sent after the write has committed: a mail server that is down is logged, not raised."""
    import logging
    import smtplib

    try:
        _mail(gebruiker, sjabloon, context)
    except (smtplib.SMTPException, OSError) as exc:
        logging.getLogger(__name__).warning("Account e-mail %s for user %s could not be sent (%s)", sjabloon,
                                            gebruiker.pk, type(exc).__name__)


def uitnodiging_versturen(
    *, gebruiker: User, organisatie: Organisatie, door: User | None = None, request=None
) -> None:
    """E-mails a fresh one-time link. The mail names the organisation and the link, nothing else."""
    _mail(gebruiker, "uitnodiging", {"organisatie": organisatie, "link": uitnodigingslink(gebruiker),
                                     "geldig_dagen": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)})
    audit("uitnodiging_verstuurd", gebruiker=door, organisatie=organisatie, obj=gebruiker, request=request)


@transaction.atomic
def rol_intrekken_door_beheerder(
    *, lidmaatschap: Lidmaatschap, door: User | None = None, request=None
) -> None:
    if lidmaatschap.rol == Rol.BEHEERDER:
        _weiger_eigen_beheerrol(
            gebruiker=lidmaatschap.gebruiker, organisatie=lidmaatschap.organisatie, door=door
        )
    lidmaatschap_intrekken(lidmaatschap=lidmaatschap, door=door, request=request)


@transaction.atomic
def gebruiker_deactiveren(
    *, gebruiker: User, organisatie: Organisatie, door: User | None = None, request=None
) -> bool:
    """Revokes every role of `gebruiker` in `organisatie`.

    When no active role is left in any organisation, the account itself is switched off and its sessions end
    (new session salt). Returns whether the account was switched off.
    """
    _weiger_eigen_beheerrol(gebruiker=gebruiker, organisatie=organisatie, door=door)
    ingetrokken = 0
    rollen_hier = Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=organisatie, actief=True)
    for lidmaatschap in rollen_hier.select_related("organisatie"):
        lidmaatschap_intrekken(lidmaatschap=lidmaatschap, door=door, request=request)
        ingetrokken += 1
    account_uit = not Lidmaatschap.objects.filter(gebruiker=gebruiker, actief=True).exists()
    if account_uit:
        gebruiker.is_active = False
        gebruiker.sessie_salt = _nieuwe_sessie_salt()
        gebruiker.save(update_fields=["is_active", "sessie_salt"])
    audit("gebruiker_gedeactiveerd", gebruiker=door, organisatie=organisatie, obj=gebruiker, request=request,
          details={"rollen_ingetrokken": ingetrokken, "account_uitgeschakeld": account_uit})
    return account_uit


@transaction.atomic
def tweestapsverificatie_resetten(
    *, gebruiker: User, organisatie: Organisatie, door: User | None = None, request=None
) -> None:
    """Deletes the user's authenticators and backup codes; they enrol again at their next login.

    Refused for an account that also works for another organisation: the second factor guards those too, and this
    beheerder is not theirs. The platform procedure (a herstel-link to the person's own address) is for that.
    """
    from django.utils.translation import gettext as _

    from accounts.twofactor import reset_second_factor

    if werkt_elders(gebruiker, organisatie):
        raise BeheerWeigering(NIET_ALLEEN_HIER % {"actie": _("de tweestapsverificatie wissen")})
    reset_second_factor(gebruiker)
    audit("2fa_gereset", gebruiker=door, organisatie=organisatie, obj=gebruiker, request=request)


def tweestap_reset_melden(*, gebruiker: User, organisatie: Organisatie) -> None:
    """Tells the person that, and by which organisation's beheerder, their 2FA was reset.

    Someone who also works for other organisations is then not surprised by, or can object to, a reset by one of
    them. Sent after the reset has committed: a mail server that is down does not undo it.
    """
    _mail(gebruiker, "tweestap_gereset", {"organisatie": organisatie})


def herstellink_versturen(
    *, gebruiker: User, door: User, organisatie: Organisatie | None = None, request=None
) -> None:
    """E-mails a one-time herstel-link to the person's own address: on use it sets a new password and wipes the
    second factor, which the person then enrols again. Nobody but the person sees the link.

    `organisatie` is the beheerder's organisation; None when the platform operator sends it. A beheerder may only
    do this for someone who works for no other organisation.
    """
    from django.utils.translation import gettext as _

    if organisatie is not None and werkt_elders(gebruiker, organisatie):
        raise BeheerWeigering(NIET_ALLEEN_HIER % {"actie": _("een herstel-link sturen")})
    _mail(gebruiker, "herstel", {"organisatie": organisatie, "link": herstellink(gebruiker),
                                 "geldig_dagen": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)})
    if organisatie is None:
        from accounts.platformbeheer import audit_platformbeheer

        audit_platformbeheer("herstellink_verstuurd", request=request, obj=gebruiker)
    else:
        audit("herstellink_verstuurd", gebruiker=door, organisatie=organisatie, obj=gebruiker, request=request)


@transaction.atomic
def account_herstellen(*, gebruiker: User, request=None) -> None:
    """What using a herstel-link does besides setting the password: the old second factor and sessions end."""
    from accounts.twofactor import reset_second_factor

    reset_second_factor(gebruiker)
    gebruiker.sessie_salt = _nieuwe_sessie_salt()
    gebruiker.save(update_fields=["sessie_salt"])
    audit("account_hersteld", gebruiker=gebruiker, request=request)


@transaction.atomic
def onderdeel_wijzigen(
    *, onderdeel: Organisatieonderdeel, naam: str, geldig_tot=None, door: User | None = None, request=None
) -> Organisatieonderdeel:
    velden = wijzig_velden(onderdeel, {"naam": naam, "geldig_tot": geldig_tot}, strip=True)
    onderdeel.full_clean()
    onderdeel.save()
    if velden:
        audit("onderdeel_gewijzigd", gebruiker=door, organisatie=onderdeel.organisatie, obj=onderdeel,
              request=request, details={"velden": velden})
    return onderdeel


@transaction.atomic
def onderdeel_hernoemen_per_datum(
    *, onderdeel: Organisatieonderdeel, nieuwe_naam: str, per_datum, door: User | None = None, request=None
) -> Organisatieonderdeel:
    """Retires `onderdeel` the day before `per_datum` and starts a new unit with the new name on `per_datum`.

    Past years keep reporting under the old name; the new unit inherits a planned end date, if any.
    """
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if per_datum <= onderdeel.geldig_van:
        raise ValidationError({"per_datum": _("De datum moet na de begindatum van het onderdeel liggen.")})
    if onderdeel.geldig_tot is not None and per_datum > onderdeel.geldig_tot:
        raise ValidationError({"per_datum": _("Het onderdeel is op die datum al ingetrokken.")})
    oude_einddatum = onderdeel.geldig_tot
    onderdeel.geldig_tot = per_datum - datetime.timedelta(days=1)
    onderdeel.full_clean()
    onderdeel.save(update_fields=["geldig_tot"])
    nieuw = Organisatieonderdeel(
        organisatie=onderdeel.organisatie, naam=nieuwe_naam.strip(), geldig_van=per_datum,
        geldig_tot=oude_einddatum,
    )
    nieuw.full_clean()
    nieuw.save()
    audit("onderdeel_hernoemd", gebruiker=door, organisatie=onderdeel.organisatie, obj=nieuw, request=request,
          details={"vorig_onderdeel_id": onderdeel.pk, "per_datum": per_datum.isoformat()})
    return nieuw
