"""What an import check found: every problem with its row and column, the rows to create, what is skipped."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from uitwisseling.columns import tekst
from uitwisseling.models import ImportRun


@dataclass
class Fout:
    rij: int
    kolom: str
    waarde: str
    probleem: str
    toegestaan: list[str] = field(default_factory=list)

    def als_tekst(self) -> str:
        where = _("rij %(rij)s") % {"rij": self.rij}
        if self.kolom:
            where += ", " + _("kolom %(kolom)s") % {"kolom": self.kolom}
        value = " (" + _("waarde ‘%(waarde)s’") % {"waarde": self.waarde} + ")" if self.waarde else ""
        allowed = " " + _("Toegestaan: %(lijst)s.") % {"lijst": ", ".join(self.toegestaan)} if self.toegestaan else ""
        return f"{where}{value}: {self.probleem}{allowed}"


@dataclass
class Rij:
    nummer: int
    waarden: dict[str, Any]
    vingerafdruk: str


@dataclass
class Resultaat:
    register: str
    formaat: str = ""
    rijen: int = 0
    fouten: list[Fout] = field(default_factory=list)
    te_maken: list[Rij] = field(default_factory=list)
    overgeslagen: list[tuple[int, str, str]] = field(default_factory=list)  # (rij, kenmerk, reden)
    samenvatting: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    uitgevoerd: bool = False
    aangemaakt: int = 0
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.fouten

    def fout(self, rij: int, kolom: str, waarde: Any, probleem: str, toegestaan: list[str] | None = None) -> None:
        text = tekst(waarde) if not isinstance(waarde, str) else waarde.strip()
        self.fouten.append(Fout(rij, kolom, text[:100], probleem, list(toegestaan or [])))
