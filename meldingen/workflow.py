"""The one place that says which status changes are allowed and under which rules.

ontvangen → in behandeling → feitenonderzoek → besluitvorming → afgehandeld, and afgehandeld → heropend.
Services call `check_transition` before they write; views call `allowed_targets` to offer only valid buttons.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meldingen.models import Melding, Status

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.ONTVANGEN: (Status.IN_BEHANDELING,),
    Status.IN_BEHANDELING: (Status.FEITENONDERZOEK, Status.BESLUITVORMING, Status.AFGEHANDELD),
    Status.FEITENONDERZOEK: (Status.BESLUITVORMING,),
    Status.BESLUITVORMING: (Status.FEITENONDERZOEK, Status.AFGEHANDELD),
    Status.AFGEHANDELD: (Status.HEROPEND,),
    Status.HEROPEND: (Status.IN_BEHANDELING, Status.FEITENONDERZOEK, Status.BESLUITVORMING, Status.AFGEHANDELD),
}

# Closing and reopening must be explained (DOMAIN.md); the reason is stored encrypted with the history row.
REASON_REQUIRED = frozenset({Status.AFGEHANDELD, Status.HEROPEND})

# Statuses in which a melding counts as still open ("in behandeling" in the report sense).
OPEN_STATUSES = frozenset(set(Status.values) - {Status.AFGEHANDELD})


class TransitionError(ValidationError):
    pass


def allowed_targets(melding: Melding) -> tuple[str, ...]:
    return TRANSITIONS.get(melding.status, ())


def check_transition(melding: Melding, naar: str, reden: str = "") -> None:
    """Raises TransitionError with a Dutch message when `naar` is not allowed now."""
    if naar not in Status.values:
        raise TransitionError(_("Onbekende status."))
    if naar not in allowed_targets(melding):
        raise TransitionError(
            _("Van “%(van)s” kan de melding niet naar “%(naar)s”.")
            % {"van": Status(melding.status).label, "naar": Status(naar).label}
        )
    if naar in REASON_REQUIRED and not (reden or "").strip():
        raise TransitionError(_("Geef een reden op voor het afsluiten of heropenen van de melding."))
    if naar == Status.FEITENONDERZOEK and not melding.onderzoeken.exists():
        raise TransitionError(_("Leg eerst het feitenonderzoek vast (opdrachtgever, uitvoering, startdatum)."))
    if naar == Status.BESLUITVORMING and melding.status == Status.FEITENONDERZOEK:
        if melding.onderzoeken.filter(einddatum__isnull=True).exists():
            raise TransitionError(_("Het feitenonderzoek is nog niet afgerond: vul eerst de einddatum in."))
    if naar == Status.AFGEHANDELD and not melding.beoordeling:
        raise TransitionError(_("Leg eerst de beoordeling vast voordat u de melding afhandelt."))
