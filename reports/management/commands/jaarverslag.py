"""python manage.py jaarverslag --organisatie SLUG --jaar YYYY --formaat json|pdf|docx|xlsx [--uitvoer PAD]
    [--reikwijdte alles|vertrouwenspersonen|vp-intern|vp-extern|integriteit]

Computes the figures now (this is an export of the current data, not an adopted report) and writes one format.
JSON goes to standard output when --uitvoer is absent; binary formats need --uitvoer.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.audit import audit
from accounts.models import Organisatie
from reports.figures import compute_figures
from reports.models import Formaat, Jaarverslag, Reikwijdte
from reports.render import RENDERERS


class Command(BaseCommand):
    help = "Maakt het jaarverslag van een organisatie over een jaar (json, pdf, docx of xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--organisatie", required=True, help="korte naam (slug) van de organisatie")
        parser.add_argument("--jaar", required=True, type=int)
        parser.add_argument("--formaat", required=True, choices=Formaat.values)
        parser.add_argument("--uitvoer", help="pad van het uitvoerbestand (JSON: standaard de standaarduitvoer)")
        # Checked in handle(), not with argparse's choices: its refusal is in English.
        parser.add_argument("--reikwijdte", default=Reikwijdte.ALLES,
                            help=f"waarover het verslag gaat: {', '.join(Reikwijdte.values)} (standaard: alles)")

    def handle(self, *args, organisatie, jaar, formaat, uitvoer, reikwijdte, **options):
        org = Organisatie.objects.filter(slug=organisatie).first()
        if org is None:
            raise CommandError(f"Onbekende organisatie: {organisatie!r}.")
        if not 2000 <= jaar <= 2100:
            raise CommandError("Kies een jaar tussen 2000 en 2100.")
        if reikwijdte not in Reikwijdte.values:
            raise CommandError(f"Onbekende reikwijdte: {reikwijdte!r}. Kies uit: {', '.join(Reikwijdte.values)}.")
        if formaat != Formaat.JSON and not uitvoer:
            raise CommandError(f"Geef --uitvoer op voor het formaat {formaat}.")
        cijfers = compute_figures(org, jaar, reikwijdte=reikwijdte)
        # The document formats need a report object for the title page; an unsaved concept says "CONCEPT".
        jaarverslag = Jaarverslag(organisatie=org, jaar=jaar, reikwijdte=reikwijdte, versie=0)
        data = RENDERERS[formaat](jaarverslag, cijfers)
        audit("jaarverslag_export_cli", organisatie=org, objecttype="reports.jaarverslag",
              details={"jaar": jaar, "reikwijdte": reikwijdte, "formaat": formaat})
        if uitvoer:
            Path(uitvoer).write_bytes(data)
            self.stderr.write(f"Geschreven: {uitvoer} ({len(data)} bytes)")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
