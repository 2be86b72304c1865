"""Configure (or change) an organisation's identity provider for staff single sign-on.

    python manage.py sso_koppelen --organisatie voorbeeldstad --issuer https://login.microsoftonline.com/<tenant>/v2.0 \\
        --client-id <id> --client-secret-file /run/secrets/sso_secret --domeinen voorbeeldstad.nl \\
        --amr mfa --aan

The client secret is read from a file (or standard input with `-`), never from the command line, so it stays out of
shell history and the process list. Omitted options keep their stored value. Same rules and audit entry as the
beheerder's screen (accounts/sso/services.py).
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisatie
from accounts.sso.services import koppeling_opslaan


class Command(BaseCommand):
    help = "Configure an organisation's OpenID Connect identity provider for staff single sign-on."

    def add_arguments(self, parser):
        parser.add_argument("--organisatie", required=True, help="Slug of the organisation.")
        parser.add_argument("--issuer", help="Issuer URL (its /.well-known/openid-configuration is read).")
        parser.add_argument("--client-id")
        parser.add_argument("--client-secret-file", help="File holding the client secret, or - for stdin.")
        parser.add_argument("--domeinen", help="Comma-separated e-mail domains this provider logs in.")
        parser.add_argument("--amr", help="Comma-separated amr values that prove MFA (empty: never).")
        parser.add_argument("--acr", help="Comma-separated acr values that prove MFA (empty: never).")
        parser.add_argument("--email-altijd-geverifieerd", action="store_true",
                            help="The provider issues the addresses of these domains itself (no email_verified).")
        state = parser.add_mutually_exclusive_group()
        state.add_argument("--aan", action="store_true", help="Offer SSO on the login page.")
        state.add_argument("--uit", action="store_true", help="Stop offering SSO (configuration is kept).")

    def handle(self, *args, **options):
        org = Organisatie.objects.filter(slug=options["organisatie"]).first()
        if org is None:
            raise CommandError(f"No organisation with slug {options['organisatie']!r}.")
        current = getattr(org, "sso", None)
        waarden = {veld: getattr(current, veld) for veld in
                   ("actief", "issuer", "client_id", "domeinen", "mfa_amr", "mfa_acr", "email_altijd_geverifieerd")
                   } if current else {"actief": False}
        for option, veld in (("issuer", "issuer"), ("client_id", "client_id"), ("domeinen", "domeinen"),
                             ("amr", "mfa_amr"), ("acr", "mfa_acr")):
            if options[option] is not None:
                waarden[veld] = options[option]
        if options["email_altijd_geverifieerd"]:
            waarden["email_altijd_geverifieerd"] = True
        if options["aan"] or options["uit"]:
            waarden["actief"] = bool(options["aan"])
        if options["client_secret_file"]:
            source = options["client_secret_file"]
            waarden["client_secret"] = (sys.stdin.read() if source == "-" else Path(source).read_text()).strip()
        missing = [v for v in ("issuer", "client_id", "domeinen") if not waarden.get(v)]
        if missing:
            raise CommandError(f"Missing for a new configuration: {', '.join(missing)}.")
        try:
            koppeling = koppeling_opslaan(organisatie=org, **waarden)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        state = "on" if koppeling.actief else "off"
        self.stdout.write(f"SSO for {org.slug}: {state}, issuer {koppeling.issuer}, domains {koppeling.domeinen}. "
                          f"Redirect URI to register at the provider: {self._redirect_uri()}")

    @staticmethod
    def _redirect_uri() -> str:
        from accounts.sso.oidc import redirect_uri

        return redirect_uri()
