"""TOTP enrolment and verification on top of django-otp, plus single-use backup codes."""

import base64
import secrets

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


def verify_second_factor(user, token: str):
    """The confirmed device (TOTP or backup code) that accepts the token, or None."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def reset_second_factor(user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def demo_current_code(user) -> str | None:
    """Demo mode only (it requires DEBUG): the code the demo user's authenticator would show now."""
    if not settings.DEMO_MODE:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
