"""Bootstrap a user from the command line: creates the account (or adds a role) and prints a one-time link.

    python manage.py gebruiker_aanmaken --email beheer@gemeente.nl --organisatie voorbeeldstad --rol beheerder

The link lets the person choose a password and then enrol 2FA; it stops working once used.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.models import Organisatie, Rol
from accounts.services import Uitnodiging, gebruiker_uitnodigen, uitnodigingslink


class Command(BaseCommand):
    help = (
        "Create a user (or give an existing user a role) in an organisation "
        "and print a one-time invitation link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="E-mail address of the user.")
        parser.add_argument("--organisatie", required=True, help="Slug of the organisation.")
        parser.add_argument("--rol", required=True, help=f"Role, one of: {', '.join(Rol.values)}.")
        parser.add_argument(
            "--extern", action="store_true", help="External vertrouwenspersoon (only with that role)."
        )
        parser.add_argument("--naam", default="", help="Display name (only used for a new user).")

    def handle(self, *args, email: str, organisatie: str, rol: str, extern: bool, naam: str, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Invalid e-mail address: {email!r}") from error
        org = Organisatie.objects.filter(slug=organisatie).first()
        if org is None:
            slugs = Organisatie.objects.order_by("slug").values_list("slug", flat=True)
            known = ", ".join(slugs) or "(none yet)"
            raise CommandError(f"Unknown organisation {organisatie!r}. Known organisations: {known}")
        if rol not in Rol.values:
            raise CommandError(f"Unknown role {rol!r}. Valid roles: {', '.join(Rol.values)}")
        if extern and rol != Rol.VERTROUWENSPERSOON:
            raise CommandError("--extern is only meaningful with --rol vertrouwenspersoon")

        uitnodiging = gebruiker_uitnodigen(email=email, organisatie=org, rol=rol, extern=extern, naam=naam.strip())
        user = uitnodiging.gebruiker
        role_label = f"{rol}{' (extern)' if extern else ''}"
        if uitnodiging.soort == Uitnodiging.LINK_NODIG:
            self.stdout.write(self.style.SUCCESS(f"{user.email} has the role {role_label} in {org.slug}."))
            self.stdout.write("One-time link to set a password and enrol two-factor authentication:")
            self.stdout.write(uitnodigingslink(user))
        elif uitnodiging.soort == Uitnodiging.ROL_AANGEBODEN:
            self.stdout.write(self.style.SUCCESS(
                f"{user.email} works for another organisation: the role {role_label} in {org.slug} is offered and "
                "counts once the person accepts it after logging in (they were told by e-mail)."
            ))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"{user.email} already has an account with a password; the role {role_label} in {org.slug} "
                "was added. No link is needed."
            ))
