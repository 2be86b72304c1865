"""When a closed record is due for destruction. Imported by the registers' services when they close or reopen."""

import datetime

from bewaren.models import STANDAARD_MAANDEN, Bewaartermijn, Register


def maanden_voor(organisatie, register: str) -> int:
    rij = Bewaartermijn.objects.filter(organisatie=organisatie, register=register).first()
    return rij.maanden if rij else STANDAARD_MAANDEN[register]


def plus_maanden(datum: datetime.date, maanden: int) -> datetime.date:
    """Calendar months later; the 31st becomes the last day of a shorter month."""
    jaar, maand = divmod(datum.month - 1 + maanden, 12)
    jaar, maand = datum.year + jaar, maand + 1
    for dag in (datum.day, 30, 29, 28):
        try:
            return datum.replace(year=jaar, month=maand, day=dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def vernietigen_op(organisatie, register: str, afgesloten_op: datetime.date) -> datetime.date:
    return plus_maanden(afgesloten_op, maanden_voor(organisatie, register))


def regel(organisatie, register: str) -> str:
    """The rule as written in the destruction log, e.g. "vp: 12 maanden na afsluiten"."""
    vanaf = "na de datum" if register == Register.ACTIVITEITEN else "na afsluiten"
    return f"{register}: {maanden_voor(organisatie, register)} maanden {vanaf}"
