"""The one place that says which status changes are allowed and under which rules.

ontvangen → in behandeling → feitenonderzoek → besluitvorming → afgehandeld, and afgehandeld → heropend.
Services call `check_transition` before they write (it also checks the melding's state: a beoordeling before
closing, an onderzoek before feitenonderzoek); views call `allowed_targets` to offer only valid buttons. Every
history row checks its own transition with `check_history_row` (StatusWijziging.clean, also in bulk), so no writer
can store a step this module does not allow.

Imported history (decided here): a file from an earlier register says which status a melding *has*, not the steps
it took, nor who decided what. Inventing the in-between steps (or a beoordeling to satisfy the rule above) would
falsify the history. So an imported melding gets its receipt row and then one row with `bron=import` straight from
ontvangen to the imported status: "overgenomen". Such a row is allowed from ontvangen only, says where it came
from on the melding's page, and counts for nothing that needs a decision taken in this register. The importer
checks what it can check per row instead (a date afgehandeld for afgehandeld, feitenonderzoek ja for the status
feitenonderzoek); a melding closed on import gets no Wbk deadlines (the file does not say when they were met).
From there on the melding follows the ordinary transitions (an imported afgehandelde melding can be heropend).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen.models import Melding, Status, StatusBron, StatusWijziging

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


def open_aan_einde_van(meldingen: QuerySet[Melding], dag: datetime.date) -> QuerySet[Melding]:
    """The meldingen of `meldingen` that were open at the end of local day `dag`: received on or before it and
    not afgehandeld at that moment, whatever the year of receipt ("nog in behandeling op 31 december").

    Read from the status history, not from `afgehandeld_op`: a melding closed before `dag` and reopened after it
    was closed on `dag` (reopening clears `afgehandeld_op`). A melding whose current status is afgehandeld since
    a date on or before `dag` took its last step by then, so only the others need the history (one subquery).
    A melding without a history row before the end of the day (registered later with an earlier date of
    receipt) was open: it had been received.
    """
    einde = timezone.make_aware(datetime.datetime.combine(dag + datetime.timedelta(days=1), datetime.time()))
    status_toen = Subquery(
        StatusWijziging.objects.filter(melding=OuterRef("pk"), tijdstip__lt=einde)
        .order_by("-tijdstip", "-id").values("naar_status")[:1]
    )
    return (
        meldingen.filter(ontvangen_op__lte=dag)
        .exclude(status=Status.AFGEHANDELD, afgehandeld_op__lte=dag)
        .alias(status_toen=status_toen)
        .filter(Q(status_toen__isnull=True) | ~Q(status_toen=Status.AFGEHANDELD))
    )


class TransitionError(ValidationError):
    pass


def check_history_row(van: str, naar: str, bron: str = StatusBron.APP) -> None:
    """The transition of one history row, whoever writes it (module docstring): raises TransitionError."""
    if naar not in Status.values or (van and van not in Status.values):
        raise TransitionError(_("Onbekende status."))
    if van == "":
        if naar != Status.ONTVANGEN:
            raise TransitionError(_("Een melding begint altijd met de status ontvangen."))
        return
    if bron == StatusBron.IMPORT:
        if van != Status.ONTVANGEN or naar == Status.ONTVANGEN:
            raise TransitionError(_("Een overgenomen status gaat alleen van ontvangen naar de status uit het "
                                    "eerdere register."))
        return
    if naar not in TRANSITIONS.get(van, ()):
        raise TransitionError(
            _("Van “%(van)s” kan de melding niet naar “%(naar)s”.")
            % {"van": Status(van).label, "naar": Status(naar).label}
        )


def allowed_targets(melding: Melding) -> tuple[str, ...]:
    return TRANSITIONS.get(melding.status, ())


def check_transition(melding: Melding, naar: str, reden: str = "") -> None:
    """Raises TransitionError with a Dutch message when `naar` is not allowed now."""
    check_history_row(melding.status, naar)
    if naar in REASON_REQUIRED and not (reden or "").strip():
        raise TransitionError(_("Geef een reden op voor het afsluiten of heropenen van de melding."))
    if naar == Status.FEITENONDERZOEK and not melding.onderzoeken.exists():
        raise TransitionError(_("Leg eerst het feitenonderzoek vast (opdrachtgever, uitvoering, startdatum)."))
    if naar == Status.BESLUITVORMING and melding.status == Status.FEITENONDERZOEK:
        if melding.onderzoeken.filter(einddatum__isnull=True).exists():
            raise TransitionError(_("Het feitenonderzoek is nog niet afgerond: vul eerst de einddatum in."))
    if naar == Status.AFGEHANDELD and not melding.beoordeling:
        raise TransitionError(_("Leg eerst de beoordeling vast voordat u de melding afhandelt."))
