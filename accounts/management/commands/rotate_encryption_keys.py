from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.audit import audit
from accounts.encryption import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypts every encrypted field and file under the first key of VERTROUWD_ENCRYPTION_KEYS. "
        "Procedure: put the new key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        counts = rotate_all()
        total = sum(counts.values())
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        audit("sleutels_geroteerd", details={"aantal": total, "sleutels_geconfigureerd": len(settings.ENCRYPTION_KEYS)})
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows and files under the newest key."))
        if len(settings.ENCRYPTION_KEYS) > 1:
            self.stdout.write("You can now remove the older keys from VERTROUWD_ENCRYPTION_KEYS.")
