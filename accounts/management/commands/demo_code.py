from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.management.commands.demo_vullen import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Demo mode only: prints the current TOTP code of the demo accounts."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_code werkt alleen met DEMO_MODE=true (en DEBUG=true).")
        device = TOTPDevice(key=DEMO_TOTP_KEY)
        self.stdout.write(f"{TOTP(device.bin_key).token():06d}")
