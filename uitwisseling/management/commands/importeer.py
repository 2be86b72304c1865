"""Import a CSV or XLSX file into one register of one organisation, all or nothing.

    python manage.py importeer --organisatie SLUG --register meldingen BESTAND
    python manage.py importeer --organisatie SLUG --register vertrouwenspersonen --eigenaar vp@gemeente.nl BESTAND
    python manage.py importeer ... --proef BESTAND     # check and report only; nothing is written

Exits non-zero on any error; the error report (Dutch) names row, column, value, problem and allowed values.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisatie, User
from uitwisseling.columns import SOORTEN, registercode
from uitwisseling.importeren import ImportWeigering, importeer


class Command(BaseCommand):
    help = "Importeer een CSV- of XLSX-bestand in één register van één organisatie (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Pad naar het CSV- of XLSX-bestand.")
        parser.add_argument("--organisatie", required=True, help="Korte naam (slug) van de organisatie.")
        parser.add_argument("--register", required=True, type=registercode, choices=SOORTEN,
                            help="meldingen, vertrouwenspersonen (dossiers), vp-gesprekken, vp-activiteiten of vp-signalen.")
        parser.add_argument("--eigenaar", help="E-mailadres van de vertrouwenspersoon die eigenaar wordt "
                                               "(alleen voor de VP-bestanden).")
        parser.add_argument("--proef", action="store_true", help="Alleen controleren en rapporteren, niets opslaan.")

    def handle(self, *args, bestand, organisatie, register, eigenaar, proef, **options):
        org = Organisatie.objects.filter(slug=organisatie).first()
        if org is None:
            raise CommandError(f"Onbekende organisatie ‘{organisatie}’.")
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        owner = None
        if eigenaar:
            owner = User.objects.filter(email__iexact=eigenaar.strip()).first()
            if owner is None:
                raise CommandError(f"Onbekende gebruiker ‘{eigenaar}’.")
        try:
            resultaat = importeer(pad.read_bytes(), organisatie=org, register=register, door=None, eigenaar=owner,
                                  bestandsnaam=pad.name, proef=proef, bron="cli")
        except ImportWeigering as exc:
            raise CommandError(str(exc)) from exc
        for opmerking in resultaat.opmerkingen:
            self.stdout.write(opmerking)
        for rij, kenmerk, reden in resultaat.overgeslagen:
            self.stdout.write(f"Overgeslagen: rij {rij}{f' ({kenmerk})' if kenmerk else ''}: {reden}")
        if not resultaat.ok:
            for fout in resultaat.fouten:
                self.stderr.write(fout.als_tekst())
            raise CommandError(f"{len(resultaat.fouten)} probleem/problemen gevonden; er is niets geïmporteerd.")
        if proef:
            self.stdout.write(f"Proef: {len(resultaat.te_maken)} van {resultaat.rijen} rijen zouden worden "
                              f"geïmporteerd, {len(resultaat.overgeslagen)} overgeslagen. Er is niets opgeslagen.")
            for titel, regels in resultaat.samenvatting:
                if regels:
                    self.stdout.write(f"{titel}:")
                    for label, aantal in regels:
                        self.stdout.write(f"  {label}: {aantal}")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Geïmporteerd: {resultaat.aangemaakt} aangemaakt, {len(resultaat.overgeslagen)} overgeslagen."))
