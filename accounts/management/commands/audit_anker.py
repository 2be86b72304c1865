"""`python manage.py audit_anker [--bestand F]`: the latest id and hash of the audit log, for safekeeping outside
the database (docs/security.md, "The audit log"). Run it from the backup job; `verify_audit_log --anker F`
checks them later."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.audit import huidig_anker


class Command(BaseCommand):
    help = "Prints (or appends to a file) the latest audit log id and hash, to keep outside the database."

    def add_arguments(self, parser):
        parser.add_argument("--bestand", type=Path, help="append the anchor line to this file")

    def handle(self, *args, bestand, **options):
        anker = huidig_anker()
        if anker is None:
            self.stderr.write("The audit log is empty; there is nothing to anchor yet.")
            return
        regel = anker.regel(timezone.now())
        if bestand:
            with bestand.open("a", encoding="ascii") as uit:
                uit.write(regel + "\n")
        self.stdout.write(regel)
