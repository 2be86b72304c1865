"""Who may import into which register, and in whose name."""

from django.utils.translation import gettext as _

from accounts.models import Lidmaatschap, Organisatie, Rol, User
from uitwisseling.columns import MELDINGEN


class ImportWeigering(PermissionError):
    """The person may not import into this register or in this name."""


def operator_details(bron: str) -> dict:
    """On the command line there is no logged-in user: record the operating-system account that ran it."""
    if bron != "cli":
        return {}
    import getpass

    try:
        return {"operator": getpass.getuser()}
    except (KeyError, OSError):
        return {"operator": "onbekend"}


# --- permissions -------------------------------------------------------------------------------------------------

def controleer_rechten(*, organisatie: Organisatie, register: str, door: User | None, eigenaar: User | None) -> None:
    """A coordinator imports into the meldingenregister; a VP only into the VP register, as owner.

    `door=None` is the operator on the command line, who may name any active VP of the organisation as owner.
    """
    if register == MELDINGEN:
        if eigenaar is not None:
            raise ImportWeigering(_("--eigenaar hoort alleen bij de VP-registratie."))
        if door is not None and Lidmaatschap.objects.actieve_rol(door, organisatie, Rol.COORDINATOR) is None:
            raise ImportWeigering(_("Alleen een integriteitscoördinator van deze organisatie importeert meldingen."))
        return
    if eigenaar is None:
        raise ImportWeigering(_("Geef de vertrouwenspersoon op die eigenaar wordt van de dossiers."))
    if Lidmaatschap.objects.actieve_rol(eigenaar, organisatie, Rol.VERTROUWENSPERSOON) is None:
        raise ImportWeigering(_("%(email)s is geen actieve vertrouwenspersoon van deze organisatie.")
                              % {"email": eigenaar.email})
    if door is not None and door.pk != eigenaar.pk:
        raise ImportWeigering(_("Een vertrouwenspersoon importeert alleen in de eigen dossiers."))
