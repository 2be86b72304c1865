"""Measure import throughput: generates N rows (default 10 000) per register and prints rows per second.

    python manage.py importbenchmark [--rijen 10000] [--register meldingen|vertrouwenspersonen]

Everything is written inside a transaction that is rolled back afterwards.
"""

from django.core.management.base import BaseCommand

from uitwisseling.benchmark import meet_import
from uitwisseling.columns import REGISTERS, registercode


class Command(BaseCommand):
    help = "Meet hoeveel rijen per seconde worden geïmporteerd (10 000 gegenereerde rijen, teruggedraaid)."

    def add_arguments(self, parser):
        parser.add_argument("--rijen", type=int, default=10_000)
        parser.add_argument("--register", type=registercode, choices=REGISTERS, action="append")

    def handle(self, *args, rijen, register, **options):
        for naam in register or REGISTERS:
            meet_import(rijen, naam, stdout=self.stdout)
