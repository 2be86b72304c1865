"""Print (or write into docs/importeren.md) the column tables of the import format, generated from the code.

    python manage.py importkolommen              # print both tables
    python manage.py importkolommen --bijwerken  # replace the tables in docs/importeren.md
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uitwisseling.columns import SOORTEN
from uitwisseling.documentatie import BEGIN, EINDE, blok

HANDLEIDING = Path(settings.BASE_DIR) / "docs" / "importeren.md"


def bijgewerkt(tekst: str) -> str:
    """The handbook text with each generated table replaced by the current one."""
    for register in SOORTEN:
        begin, einde = BEGIN.format(register=register), EINDE.format(register=register)
        if begin not in tekst or einde not in tekst:
            raise CommandError(f"docs/importeren.md has no markers for the {register} table")
        voor, rest = tekst.split(begin, 1)
        _oud, na = rest.split(einde, 1)
        tekst = voor + blok(register) + na
    return tekst


class Command(BaseCommand):
    help = "Print the column tables of the import format, or write them into docs/importeren.md."

    def add_arguments(self, parser):
        parser.add_argument("--bijwerken", action="store_true", help="replace the tables in docs/importeren.md")

    def handle(self, *args, bijwerken: bool, **options):
        if bijwerken:
            HANDLEIDING.write_text(bijgewerkt(HANDLEIDING.read_text(encoding="utf-8")), encoding="utf-8")
            self.stdout.write(f"Updated {HANDLEIDING}")
            return
        for register in SOORTEN:
            self.stdout.write(blok(register) + "\n")
