"""Export a register of an organisation in the import columns.

    python manage.py exporteer --organisatie SLUG --register meldingen --formaat xlsx [--jaar 2024] UITVOER
    python manage.py exporteer --organisatie SLUG --register vertrouwenspersonen --eigenaar vp@gemeente.nl UITVOER
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisatie, User
from uitwisseling.columns import REGISTERS, VERTROUWENSPERSONEN, registercode
from uitwisseling.exporteren import FORMATEN, exporteer


class Command(BaseCommand):
    help = "Exporteer een register in de importkolommen (CSV of XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("uitvoer", help="Pad van het bestand dat wordt geschreven.")
        parser.add_argument("--organisatie", required=True)
        parser.add_argument("--register", required=True, type=registercode, choices=REGISTERS)
        parser.add_argument("--formaat", choices=FORMATEN, default="xlsx")
        parser.add_argument("--jaar", type=int)
        parser.add_argument("--eigenaar", help="De dossiers van deze vertrouwenspersoon (verplicht voor de "
                                               "VP-registratie).")

    def handle(self, *args, uitvoer, organisatie, register, formaat, jaar, eigenaar, **options):
        org = Organisatie.objects.filter(slug=organisatie).first()
        if org is None:
            raise CommandError(f"Onbekende organisatie ‘{organisatie}’.")
        owner = None
        if register == VERTROUWENSPERSONEN and not eigenaar:
            # Each VP's dossiers are theirs alone: never all VPs' dossiers of an organisation in one file.
            raise CommandError("Geef met --eigenaar de vertrouwenspersoon op van wie de dossiers worden "
                               "geëxporteerd; de VP-registratie wordt per vertrouwenspersoon geëxporteerd.")
        if eigenaar:
            if register != VERTROUWENSPERSONEN:
                raise CommandError("--eigenaar hoort alleen bij de VP-registratie.")
            owner = User.objects.filter(email__iexact=eigenaar.strip()).first()
            if owner is None:
                raise CommandError(f"Onbekende gebruiker ‘{eigenaar}’.")
        data, rijen = exporteer(organisatie=org, register=register, formaat=formaat, gebruiker=None, jaar=jaar,
                                eigenaar=owner, bron="cli")
        Path(uitvoer).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{rijen} rijen geschreven naar {uitvoer}."))
