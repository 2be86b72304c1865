from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import lees_ankers, verify_ankers, verify_chain


class Command(BaseCommand):
    help = ("Verifies the hash chain of the audit log, and with --anker the anchors kept outside the database; "
            "exits non-zero and names the first broken row.")

    def add_arguments(self, parser):
        parser.add_argument("--anker", type=Path, help="file of anchor lines written by `audit_anker`")

    def handle(self, *args, anker, **options):
        ankers = []
        if anker:
            try:
                ankers = lees_ankers(anker.read_text(encoding="ascii"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise CommandError(f"Cannot read the anchors in {anker}: {error}") from error
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit log chain BROKEN at entry id {broken.entry_id}: {broken.reason}. "
                f"{checked} entries before it are intact."
            )
        broken = verify_ankers(ankers)
        if broken is not None:
            raise CommandError(f"Audit log does NOT match its anchor at entry id {broken.entry_id}: {broken.reason}.")
        extra = f", {len(ankers)} anchor(s) match" if ankers else ""
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified{extra}."))
