from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prints a new encryption key for VERTROUWD_ENCRYPTION_KEYS (store it in a key file, never in git)."

    def handle(self, *args, **options):
        self.stdout.write(Fernet.generate_key().decode())
