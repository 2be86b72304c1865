"""Legal deadlines of the Wet bescherming klokkenluiders (Wbk), as pure date arithmetic.

A deadline is computed once, when it starts, and stored with the rule that produced it (models.Termijn),
so a later change to these rules never silently moves a deadline that was already communicated.
Everything here works on *local* dates in Europe/Amsterdam: a melding received at 23:30 on 31 December
is a melding of 31 December, whatever the UTC clock says.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

from meldingen.models import Spoor, SpoorInstelling, Termijn, TermijnSoort

# Due within this many days from today counts as "binnenkort" (a fresh melding's 7-day deadline included).
BINNENKORT_DAGEN = 7

# Which tracks have Wbk deadlines when an organisation has not chosen otherwise.
STANDAARD_WBK_PER_SPOOR = {
    Spoor.INTEGRITEIT: True,
    Spoor.MISSTAND: True,
    Spoor.ONGEWENST_GEDRAG: False,
}


@dataclass(frozen=True)
class Regel:
    code: str
    soort: str


ONTVANGSTBEVESTIGING_7D = Regel("wbk_ontvangstbevestiging_7d", TermijnSoort.ONTVANGSTBEVESTIGING)
TERUGKOPPELING_3M = Regel("wbk_terugkoppeling_3m_na_bevestiging", TermijnSoort.TERUGKOPPELING)
# Wbk: when no acknowledgement was sent, the three months run from the end of the seven-day period.
TERUGKOPPELING_3M_ZONDER_BEVESTIGING = Regel("wbk_terugkoppeling_3m_na_termijn", TermijnSoort.TERUGKOPPELING)


def local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar date in the project's time zone. Naive datetimes are refused: they are ambiguous."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            raise ValueError("A received-at datetime must be timezone-aware.")
        return timezone.localtime(value).date()
    return value


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; a day that does not exist in the target month becomes its last day (30 Nov + 3 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ontvangstbevestiging_uiterlijk(ontvangen_op: datetime.date) -> datetime.date:
    return ontvangen_op + datetime.timedelta(days=7)


def terugkoppeling_uiterlijk(bevestigd_op: datetime.date) -> datetime.date:
    return add_months(bevestigd_op, 3)


def ontvangstbevestiging_termijn(melding) -> Termijn:
    """The ontvangstbevestiging deadline that starts with a melding's receipt (not saved: single and bulk writes)."""
    regel = ONTVANGSTBEVESTIGING_7D
    return Termijn(melding=melding, soort=regel.soort, regel=regel.code, gestart_op=melding.ontvangen_op,
                   uiterlijk_op=ontvangstbevestiging_uiterlijk(melding.ontvangen_op))


def wbk_per_spoor(organisatie) -> dict[str, bool]:
    """`wbk_actief` for every spoor at once (one query)."""
    gekozen = dict(SpoorInstelling.objects.filter(organisatie=organisatie).values_list("spoor", "wbk_termijnen"))
    return {spoor: gekozen.get(spoor, STANDAARD_WBK_PER_SPOOR.get(spoor, False)) for spoor in Spoor.values}


def wbk_actief(organisatie, spoor: str) -> bool:
    instelling = SpoorInstelling.objects.filter(organisatie=organisatie, spoor=spoor).first()
    if instelling is not None:
        return instelling.wbk_termijnen
    return STANDAARD_WBK_PER_SPOOR.get(spoor, False)


def vandaag() -> datetime.date:
    return timezone.localdate()


def binnenkort_grens(today: datetime.date | None = None) -> datetime.date:
    return (today or vandaag()) + datetime.timedelta(days=BINNENKORT_DAGEN)
