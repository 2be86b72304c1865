"""Kenmerken, the same rule for both registers: numbered per organisation and year, found by what a person types.

Each register keeps its own counter table (a register's rows are written by that register's services only), but
both inherit the one way numbers are handed out (`KenmerkTellerManager.reserveer`) and both lists and the audit
log search a kenmerk with the one `zoek_kenmerk`.
"""

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

KENMERK_MAX = 20


class KenmerkTellerManager(models.Manager):
    def reserveer(self, organisatie, jaar: int, *, aantal: int = 1, bezet=()) -> list[int]:
        """The next `aantal` sequence numbers of the organisation's year: after every number handed out before and
        after the numbers in `bezet` (kenmerken an import or an earlier numbering keeps). The only place numbers
        are handed out; serialised by a row lock on the counter, so call it inside the transaction that uses them."""
        organisatie_id = getattr(organisatie, "pk", organisatie)
        if not self.filter(organisatie_id=organisatie_id, jaar=jaar).exists():
            try:
                with transaction.atomic():
                    self.create(organisatie_id=organisatie_id, jaar=jaar, laatste=0)
            except IntegrityError:
                pass  # created concurrently by someone else: fine, it is locked below
        teller = self.select_for_update().get(organisatie_id=organisatie_id, jaar=jaar)
        start = max([teller.laatste, *bezet])
        if start + aantal != teller.laatste:
            teller.laatste = start + aantal
            teller.save(update_fields=["laatste"])
        return list(range(start + 1, start + aantal + 1))


class KenmerkTellerBasis(models.Model):
    """One row per organisation and year; locked with select_for_update to hand out the next number."""

    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    objects = KenmerkTellerManager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.organisatie_id}/{self.jaar}: {self.laatste}"


def zoek_kenmerk(qs: QuerySet, tekst: str) -> QuerySet:
    """The rows whose kenmerk is `tekst` or starts with it, whatever the case and surrounding spaces:
    "2026-01" finds 2026-010 … 2026-019, " vp-2026-003 " finds VP-2026-003. Narrows `qs`, never widens it,
    so a search only ever finds what the visibility rule behind `qs` already lets the user see."""
    tekst = (tekst or "").strip()
    return qs.filter(kenmerk__istartswith=tekst) if tekst else qs


class KenmerkZoekveld(forms.CharField):
    """The search box of a list: stripped, at most as long as a kenmerk, with a Dutch error when longer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kenmerk"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Het hele kenmerk of het begin ervan, bijvoorbeeld 2026-01."))
        super().__init__(max_length=KENMERK_MAX, **kwargs)
        self.error_messages["max_length"] = _("Een kenmerk is hoogstens %(limit_value)d tekens lang.")
