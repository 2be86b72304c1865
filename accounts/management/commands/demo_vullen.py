"""Seeds the demo organisation "Gemeente Voorbeeldstad": units, categories, one user per role, synthetic records.

Only in demo mode (DEMO_MODE=true, which itself requires DEBUG): the logins and the TOTP key are public.
"""

import importlib
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Lidmaatschap, Organisatie, Rol
from accounts.services import gebruiker_aanmaken_of_rol_toevoegen, lidmaatschap_toevoegen, organisatie_create
from accounts.twofactor import base32_secret, regenerate_backup_codes

DEMO_PASSWORD = "demo-vertrouwd-2026"  # noqa: S105 - public demo login, refused outside demo mode
# A synthetic, published TOTP key shared by all demo users (hex, 20 bytes).
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_ORG = {"naam": "Gemeente Voorbeeldstad", "slug": "voorbeeldstad", "indeling": "rijk"}
DEMO_TWEEDE_ORG = {"naam": "Gemeente Heuvelrand", "slug": "heuvelrand", "indeling": "gedragscode"}
DEMO_SLUGS = (DEMO_ORG["slug"], DEMO_TWEEDE_ORG["slug"])
DEMO_UNITS = [
    "Bestuur en Concernstaf", "Publiekszaken", "Ruimte en Wonen", "Sociaal Domein",
    "Bedrijfsvoering", "Openbare Ruimte (buitendienst)", "Belastingen", "Informatievoorziening",
]
DEMO_USERS = [
    ("vp", "vp@voorbeeldstad.demo", "Vera Vertrouwenspersoon (intern)", Rol.VERTROUWENSPERSOON, False),
    ("vp2", "vp.extern@voorbeeldstad.demo", "Erik Extern (externe VP)", Rol.VERTROUWENSPERSOON, True),
    ("coordinator", "coordinator@voorbeeldstad.demo", "Ilse Integriteit", Rol.COORDINATOR, False),
    ("onderzoeker", "onderzoeker@voorbeeldstad.demo", "Onno Onderzoeker", Rol.ONDERZOEKER, False),
    ("onderzoeker2", "onderzoeker2@voorbeeldstad.demo", "Olga Onderzoeker", Rol.ONDERZOEKER, False),
    ("lezer", "gemeentesecretaris@voorbeeldstad.demo", "Gemma Gemeentesecretaris", Rol.RAPPORTAGELEZER, False),
    ("beheerder", "beheer@voorbeeldstad.demo", "Bram Beheer", Rol.BEHEERDER, False),
]
# Last: the retention run, as in a running installation, destroys what the records above made due.
SEED_MODULES = ["vertrouwenspersonen.demo", "meldingen.demo", "bewaren.demo"]


class Command(BaseCommand):
    help = "Vult de demo-organisatie Gemeente Voorbeeldstad (alleen in demo-modus)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_vullen werkt alleen met DEMO_MODE=true (en DEBUG=true).")
        if Organisatie.objects.filter(slug=DEMO_ORG["slug"]).exists():
            self.stdout.write("De demo-organisatie bestaat al; er is niets toegevoegd.")
        else:
            self._seed()
        self._print_logins()

    @transaction.atomic
    def _seed(self):
        organisatie = organisatie_create(**DEMO_ORG, onderdelen=DEMO_UNITS)
        tweede = organisatie_create(**DEMO_TWEEDE_ORG, onderdelen=["Stadskantoor", "Buitendienst"])
        gebruikers = {}
        for key, email, naam, rol, extern in DEMO_USERS:
            user, _ = gebruiker_aanmaken_of_rol_toevoegen(
                email=email, organisatie=organisatie, rol=rol, extern=extern, naam=naam
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            TOTPDevice.objects.create(user=user, name="Demo-authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            regenerate_backup_codes(user=user)
            gebruikers[key] = user
        # The external VP serves a second organisation too: shows the organisation switch.
        lidmaatschap_toevoegen(gebruiker=gebruikers["vp2"], organisatie=tweede, rol=Rol.VERTROUWENSPERSOON, extern=True)
        rng = random.Random(2025)  # noqa: S311 - synthetic demo data, not security
        for module_name in SEED_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            summary = module.seed(organisatie=organisatie, gebruikers=gebruikers, rng=rng)
            self.stdout.write(f"  {module_name}: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Demo-organisatie '{organisatie.naam}' aangemaakt."))

    def _print_logins(self):
        device = TOTPDevice(key=DEMO_TOTP_KEY)
        emails = [email for _key, email, _naam, _rol, _extern in DEMO_USERS]
        lidmaatschappen = (Lidmaatschap.objects.actief().filter(gebruiker__email__in=emails)
                           .select_related("organisatie").order_by("organisatie__naam"))
        organisaties: dict[str, list[str]] = {}
        for lid in lidmaatschappen:
            naam = lid.organisatie.naam
            if naam not in organisaties.setdefault(lid.gebruiker.email, []):
                organisaties[lid.gebruiker.email].append(naam)
        self.stdout.write("")
        self.stdout.write("Demo-organisaties: " + ", ".join(
            Organisatie.objects.filter(slug__in=DEMO_SLUGS).order_by("naam").values_list("naam", flat=True)))
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for _key, email, naam, rol, _extern in DEMO_USERS:
            self.stdout.write(f"  {Rol(rol).label:<26} {email:<40} {naam}")
        for email, namen in organisaties.items():
            if len(namen) > 1:
                self.stdout.write(f"  {email} heeft rollen in {' en '.join(namen)}: na het inloggen kiest u de "
                                  "organisatie, en bovenaan elke pagina kunt u wisselen.")
        self.stdout.write("")
        self.stdout.write("Tweestapsverificatie in demo-modus:")
        self.stdout.write("  - de verificatiepagina toont in demo-modus de geldige code, of")
        self.stdout.write(f"  - zet de demosleutel {base32_secret(device)} in een authenticator-app, of")
        self.stdout.write("  - vraag de huidige code op met: make demo-code")
        self.stdout.write("Open http://127.0.0.1:8000/ in uw browser.")
