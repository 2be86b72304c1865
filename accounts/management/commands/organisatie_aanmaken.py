from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Indeling
from accounts.services import organisatie_create


class Command(BaseCommand):
    help = "Maakt een organisatie aan met de categorieën (VP-preset + gekozen integriteitsindeling) en onderdelen."

    def add_arguments(self, parser):
        parser.add_argument("--naam", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--indeling", required=True, choices=Indeling.values)
        parser.add_argument("--onderdelen", default="", help='Organisatieonderdelen gescheiden door ";"')

    def handle(self, *args, naam, slug, indeling, onderdelen, **options):
        names = [part.strip() for part in onderdelen.split(";") if part.strip()]
        if len(set(names)) != len(names):
            raise CommandError("--onderdelen bevat een naam twee keer.")
        try:
            organisatie = organisatie_create(naam=naam, slug=slug, indeling=indeling, onderdelen=names)
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items())
            raise CommandError(f"Organisatie niet aangemaakt: {messages}") from exc
        self.stdout.write(
            f"Organisatie '{organisatie.naam}' ({organisatie.slug}) aangemaakt met {len(names)} onderdelen "
            f"en {organisatie.categorieen.count()} categorieën (indeling: {organisatie.get_indeling_display()})."
        )
        self.stdout.write(
            f"Volgende stap: python manage.py gebruiker_aanmaken --email … --organisatie {organisatie.slug} --rol beheerder"
        )
