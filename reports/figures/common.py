"""Small helpers shared by the figure modules: year ranges, labels, rounding."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from taxonomie.models import volledige_naam

NIET_VASTGELEGD = "Niet vastgelegd"


def jaar_range(jaar: int) -> tuple[datetime.date, datetime.date]:
    """1 January to 31 December as local dates: records carry the local (Europe/Amsterdam) date."""
    return datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31)


def procent(deel: int, geheel: int) -> int | None:
    """A whole percentage, rounded half up (not Python's banker's rounding); None without a base."""
    if not geheel:
        return None
    return int((Decimal(100) * deel / Decimal(geheel)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def categorie_label(label: str | None, parent_label: str | None) -> str:
    """A category as the report names it; a missing one is 'niet vastgelegd'."""
    if label is None:
        return NIET_VASTGELEGD
    return volledige_naam(label, parent_label)


def count_choices(qs, field: str, choices, *, alle: bool = True) -> dict[str, int]:
    """One GROUP BY query over a choice field, keyed by the Dutch display label, in the order of the choices.
    Blank values are reported as "Niet vastgelegd"."""
    rows = dict(qs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    result = {}
    for value, label in choices.choices:
        if alle or rows.get(value):
            result[str(label)] = rows.get(value, 0)
    onbekend = sum(n for v, n in rows.items() if v in ("", None) or v not in choices.values)
    if onbekend:
        result[NIET_VASTGELEGD] = onbekend
    return result


def taxonomie_volgorde(label, parent, volgorde, parent_volgorde) -> tuple:
    """The sort key of a category in the taxonomy's order: a parent's place, then the parent before its
    sub-categories, then the own place; "not recorded" (no label) last. The one ordering of categories in the
    report: tables list them by it, and the heaviest bevinding of a melding is the first by it."""
    key = categorie_label(label, parent)
    if label is None:
        return (9999, 0, 0, key)
    return ((parent_volgorde if parent else volgorde) or 0, 1 if parent else 0, volgorde or 0, key)


def count_categories(rows, geldige) -> dict[str, int]:
    """Topic counts keyed by display label, in taxonomy order.

    rows: (label, parent_label, volgorde, parent_volgorde, n) from one GROUP BY query; geldige: the same shape
    with n=0 for every category valid in the year, so a topic nobody reported on still shows as 0. A retired
    category used that year arrives through `rows` under its own label.
    """
    totals: dict[str, int] = {}
    order: dict[str, tuple] = {}
    for label, parent, volgorde, parent_volgorde, n in [*geldige, *rows]:
        key = categorie_label(label, parent)
        totals[key] = totals.get(key, 0) + n
        sort = taxonomie_volgorde(label, parent, volgorde, parent_volgorde)
        order[key] = min(order.get(key, sort), sort)
    return {key: totals[key] for key in sorted(totals, key=lambda k: order[k])}
