"""Need-to-know that ends (issue 18 §2): when an onderzoeker may still read or write an investigation.

- While the investigation runs (no einddatum, melding not afgehandeld) the assigned onderzoeker may record progress.
- Once it is finished (einddatum set) or the melding is closed, the onderzoeker may only read it, and only for the
  organisation's number of days after that date (Registerinstelling, default 30); then it is gone from his view.
Coordinators are not limited: the register is theirs.
"""

import datetime

from django.db.models import Q

from meldingen.models import Feitenonderzoek, Registerinstelling, Status
from meldingen.models.register import STANDAARD_ONDERZOEKSTOEGANG_DAGEN


def toegang_dagen(organisatie) -> int:
    instelling = Registerinstelling.objects.filter(organisatie=organisatie).first()
    return instelling.onderzoekstoegang_dagen if instelling else STANDAARD_ONDERZOEKSTOEGANG_DAGEN


def afgerond(onderzoek: Feitenonderzoek) -> bool:
    """Finished, or its melding closed: from then on read-only for an onderzoeker."""
    return onderzoek.einddatum is not None or onderzoek.melding.status == Status.AFGEHANDELD


def is_afgerond_q() -> Q:
    return Q(einddatum__isnull=False) | Q(melding__status=Status.AFGEHANDELD)


def toegang_verlopen_q(organisatie, today: datetime.date) -> Q:
    """The investigations whose reading time for an onderzoeker has passed."""
    grens = today - datetime.timedelta(days=toegang_dagen(organisatie))
    return Q(einddatum__lt=grens) | Q(melding__status=Status.AFGEHANDELD, melding__afgehandeld_op__lt=grens)
