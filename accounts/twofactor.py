"""Second factors on top of django-otp: TOTP, passkeys (WebAuthn, accounts/passkeys.py) and single-use backup codes."""

import base64
import secrets
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit

BACKUP_CODE_COUNT = 10


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; made once, reused on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def confirm_totp_device(*, user, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm enrolment when the token is right. Returns fresh backup codes, or None when the token is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        audit("2fa_instellen_mislukt", gebruiker=user, request=request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = regenerate_backup_codes(user=user)
    audit("2fa_ingesteld", gebruiker=user, request=request)
    return codes


@transaction.atomic  # a failure half-way must not leave the person with no backup codes at all
def regenerate_backup_codes(*, user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Back-upcodes", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def second_factors(user) -> list:
    """The confirmed devices a person can use to pass the second step themselves (TOTP, passkeys, backup codes).

    Not the SSO device: it stands for the IdP's MFA of one login and cannot be used by anyone (accounts/sso).
    """
    from accounts.sso.models import SsoTweedeFactor

    return [d for d in devices_for_user(user, confirmed=True) if not isinstance(d, SsoTweedeFactor)]


def has_second_factor(user) -> bool:
    return bool(second_factors(user))


def passkeys_of(user):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


@transaction.atomic
def backup_codes_if_missing(*, user) -> list[str] | None:
    """Fresh backup codes for an account that has none yet (its first second factor); None otherwise."""
    if StaticDevice.objects.filter(user=user, token_set__isnull=False).exists():
        return None
    codes = regenerate_backup_codes(user=user)
    audit("2fa_ingesteld", gebruiker=user, details={"methode": "passkey"})
    return codes


class PasskeyOnbekend(Exception):
    """Not a passkey of this person (404: whether it exists elsewhere is none of their business)."""


class PasskeyNodig(Exception):
    """Removing it would leave only backup codes; the message is user-facing Dutch."""


@transaction.atomic
def passkey_verwijderen(*, user, pk: int, request=None) -> None:
    from django.utils.translation import gettext as _

    passkey = passkeys_of(user).select_for_update().filter(pk=pk).first()
    if passkey is None:
        raise PasskeyOnbekend(pk)
    others = [d for d in second_factors(user)
              if not isinstance(d, StaticDevice) and not (type(d) is type(passkey) and d.pk == passkey.pk)]
    if not others:
        raise PasskeyNodig(_("Dit is uw enige tweede factor naast de back-upcodes. Voeg eerst een andere passkey of "
                             "een authenticator-app toe."))
    passkey.delete()
    audit("2fa_passkey_verwijderd", gebruiker=user, request=request,
          objecttype="django_otp_webauthn.webauthncredential", object_id=pk)


def verify_second_factor(user, token: str):
    """The confirmed device (TOTP or backup code) that accepts the token, or None."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in second_factors(user):
        if device.verify_token(token):
            return device
    return None


def reset_second_factor(user) -> None:
    """Every device of every django-otp plugin: TOTP, passkeys, backup codes (the beheerder's reset, herstel)."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def demo_current_code(user) -> str | None:
    """Demo mode only (it requires DEBUG): the code the demo user's authenticator would show now."""
    if not settings.DEMO_MODE:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return code_die_geaccepteerd_wordt(device)


def code_die_geaccepteerd_wordt(device: TOTPDevice) -> str:
    """The code an authenticator shows now, or, when this device already accepted the current one (someone logged
    in within the same 30 seconds; a code counts once), the next step's code, which the tolerance accepts."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"
