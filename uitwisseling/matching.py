"""Matching a spreadsheet cell to one value of a list: by label or code, forgiving about how it was typed.

"Financiële schendingen.", " FINANCIELE SCHENDINGEN " and "financiele-schendingen" all find the same category.
Normalisation: Unicode NFKD with accents removed, casefold, one trailing full stop removed, dashes,
underscores and runs of whitespace made equal. What cannot be matched raises `Onbekend` with the allowed
values, so the error report can say what would have been accepted.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

_DASHES = re.compile(r"[\u2010-\u2015\u2212_]")
_SPACES = re.compile(r"\s+")
_AROUND_DASH = re.compile(r"\s*-\s*")


def normaliseer(text: Any) -> str:
    """The comparison key of a cell or label. Never raises."""
    value = "" if text is None else str(text)
    return _normaliseer(value)


@functools.lru_cache(maxsize=65536)
def _normaliseer(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.casefold().strip()
    if value.startswith("'"):  # Excel's "this is text" marker, also written by our export before formula-like text
        value = value[1:].lstrip()
    if value.endswith("."):
        value = value[:-1].rstrip()
    value = _DASHES.sub("-", value)
    value = _SPACES.sub(" ", value)
    return value


_HAAKJES = re.compile(r"\s+\([^()]*\)$")


def korte_vormen(label: str) -> list[str]:
    """The short forms people (and docs/importeren.md) write a label in: without its explanation in brackets,
    and the part before a " / " ("Gelegenheid tot uiten (hart luchten)" -> "Gelegenheid tot uiten")."""
    vormen = []
    kort = _HAAKJES.sub("", label).strip()
    if kort and kort != label:
        vormen.append(kort)
    for vorm in (label, kort):
        if " / " in vorm:
            vormen.append(vorm.split(" / ", 1)[0].strip())
    return [v for v in dict.fromkeys(vormen) if v]


def _variants(key: str) -> set[str]:
    """A label and its code differ in how words are joined ("in behandeling" / "in_behandeling" / "in-behandeling")."""
    return {key, _AROUND_DASH.sub("-", key), key.replace("-", " "), _SPACES.sub(" ", _AROUND_DASH.sub(" - ", key))}


class Onbekend(ValueError):
    """A value that is not in the list. `toegestaan` holds the labels shown to the user."""

    def __init__(self, probleem: str, toegestaan: list[str]):
        super().__init__(probleem)
        self.probleem = probleem
        self.toegestaan = toegestaan


@dataclass
class Keuzelijst:
    """Values (any object) known by one or more names. Build with `voeg_toe`, look up with `zoek`."""

    omschrijving: str
    _index: dict[str, list[Any]] = field(default_factory=dict)
    _labels: list[str] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)

    def voeg_toe(self, waarde: Any, label: str, *namen: str, tonen: bool = True) -> None:
        if tonen:
            self._labels.append(label)
        for naam in (label, *namen):
            key = normaliseer(naam)
            if not key:
                continue
            for variant in _variants(key):
                bucket = self._index.setdefault(variant, [])
                if not any(existing is waarde or existing == waarde for existing in bucket):
                    bucket.append(waarde)

    @property
    def toegestaan(self) -> list[str]:
        return list(self._labels)

    def zoek(self, text: Any) -> Any:
        key = normaliseer(text)
        if key in self._cache:
            return self._cache[key]
        value = self._zoek(text, key)
        self._cache[key] = value
        return value

    def _zoek(self, text: Any, key: str) -> Any:
        found: list[Any] = []
        for variant in _variants(key):
            for value in self._index.get(variant, []):
                if not any(v is value or v == value for v in found):
                    found.append(value)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Onbekend(
                _("‘%(waarde)s’ is niet eenduidig: meer dan één %(lijst)s heeft deze naam. Gebruik de code of de "
                  "volledige naam.") % {"waarde": text, "lijst": self.omschrijving},
                self.toegestaan,
            )
        raise Onbekend(_("Onbekende %(lijst)s.") % {"lijst": self.omschrijving}, self.toegestaan)


def uit_choices(omschrijving: str, choices: Iterable[tuple[str, Any]], *extra: tuple[str, str]) -> Keuzelijst:
    """A list from Django TextChoices: matched by value (code) or Dutch label; extra (value, alias) pairs."""
    from django.utils import translation

    lijst = Keuzelijst(omschrijving)
    with translation.override("nl"):
        for value, label in choices:
            lijst.voeg_toe(value, str(value), str(label), *korte_vormen(str(label)))
    for value, alias in extra:
        lijst.voeg_toe(value, alias, tonen=False)
    return lijst
