"""The columns of both registers: the one place they are defined, for import and export alike.

Each `Kolom` says whether it is required, how a cell is read (`soort`), what an empty cell means (`standaard`)
and how a value is written back (`formatteer`). The importer reads every row through these definitions; the
exporter writes exactly these columns in this order, so an export can always be imported again.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Register
from uitwisseling.matching import Onbekend, normaliseer

MELDINGEN = Register.MELDINGEN.value
VERTROUWENSPERSONEN = Register.VERTROUWENSPERSONEN.value
REGISTERS = (MELDINGEN, VERTROUWENSPERSONEN)
# What a file can hold: the registers' records, and the VP's gesprekken (with existing dossiers), activiteiten and
# signalen.
GESPREKKEN = "vp-gesprekken"
ACTIVITEITEN = "vp-activiteiten"
SIGNALEN = "vp-signalen"
SOORTEN = (*REGISTERS, GESPREKKEN, ACTIVITEITEN, SIGNALEN)
# The kinds a vertrouwenspersoon imports, each into their own records only.
VP_SOORTEN = (VERTROUWENSPERSONEN, GESPREKKEN, ACTIVITEITEN, SIGNALEN)
SOORT_CHOICES = [*Register.choices, (GESPREKKEN, gettext_lazy("Gesprekken (VP)")),
                 (ACTIVITEITEN, gettext_lazy("Activiteiten (VP)")), (SIGNALEN, gettext_lazy("Signalen (VP)"))]


def registercode(waarde: str) -> str:
    """A register named on the command line; "integriteit", its name before there was one vocabulary, still works."""
    return MELDINGEN if waarde == "integriteit" else waarde


MEERDERE = ";"
GEEN_MAATREGEL = "n.v.t."
EERSTE_JAAR = 1980
MAX_KENMERK = 20


class Ongeldig(Onbekend):
    """A cell that cannot be read: what is wrong and what would be allowed."""

    def __init__(self, probleem: str, toegestaan: list[str] | None = None):
        super().__init__(probleem, toegestaan or [])


@dataclass(frozen=True)
class Kolom:
    naam: str
    soort: str          # datum | janee | geheel | uren | keuze | meerkeuze | categorie | categorieen | onderdeel | kenmerk
    verplicht: bool = False
    standaard: Any = None
    lijst: str = ""     # which list a keuze / categorie column matches against
    minimum: int = 0
    maximum: int = 1000
    uitleg: str = ""    # for docs/importeren.md and the upload page

    def formatteer(self, value) -> str | int:
        """The cell text an export writes for `value` (which is what the importer would read back)."""
        if value is None or value == "" or value == []:
            return ""
        if self.soort == "datum":
            return value.isoformat()
        if self.soort == "janee":
            return "ja" if value else "nee"
        if self.soort == "geheel" and isinstance(value, int):
            return value
        if isinstance(value, (list, tuple)):
            return f"{MEERDERE} ".join(str(v) for v in value)
        return str(value)


# --- reading one cell -------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
DATUMFORMATEN = ["JJJJ-MM-DD", "DD-MM-JJJJ"]
JA = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NEE = {"nee", "n", "no", "0", "false", "onwaar"}


def tekst(cel) -> str:
    """A cell as text, trimmed. Numbers from XLSX lose a meaningless '.0'."""
    if cel is None:
        return ""
    if isinstance(cel, bool):
        return "ja" if cel else "nee"
    if isinstance(cel, float) and cel.is_integer():
        return str(int(cel))
    if isinstance(cel, (datetime.datetime, datetime.date)):
        return cel.isoformat()
    return str(cel).strip()


def lees_datum(cel, vandaag: datetime.date) -> datetime.date:
    if isinstance(cel, datetime.datetime):
        if cel.time() != datetime.time(0, 0):
            raise Ongeldig(_("Een datum zonder tijd verwacht."), DATUMFORMATEN)
        value = cel.date()
    elif isinstance(cel, datetime.date):
        value = cel
    else:
        text = tekst(cel)
        iso, nl = _ISO.match(text), _NL.match(text)
        try:
            if iso:
                value = datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
            elif nl:
                value = datetime.date(int(nl[3]), int(nl[2]), int(nl[1]))
            else:
                raise Ongeldig(_("Geen geldige datum."), DATUMFORMATEN)
        except ValueError as exc:
            raise Ongeldig(_("Deze datum bestaat niet."), DATUMFORMATEN) from exc
    if value.year < EERSTE_JAAR:
        raise Ongeldig(_("De datum ligt vóór %(jaar)s.") % {"jaar": EERSTE_JAAR}, DATUMFORMATEN)
    if value > vandaag:
        raise Ongeldig(_("De datum ligt in de toekomst."), DATUMFORMATEN)
    return value


def lees_janee(cel) -> bool:
    key = normaliseer(tekst(cel))
    if key in JA:
        return True
    if key in NEE:
        return False
    raise Ongeldig(_("Vul ja of nee in."), ["ja", "nee"])


def lees_geheel(cel, kolom: Kolom) -> int:
    allowed = [_("een geheel getal van %(min)s tot en met %(max)s") % {"min": kolom.minimum, "max": kolom.maximum}]
    if isinstance(cel, bool):
        raise Ongeldig(_("Geen geheel getal."), allowed)
    if isinstance(cel, int):
        value = cel
    elif isinstance(cel, float) and cel.is_integer():
        value = int(cel)
    else:
        text = tekst(cel)
        if not re.fullmatch(r"[0-9]{1,6}", text):
            raise Ongeldig(_("Geen geheel getal."), allowed)
        value = int(text)
    if not kolom.minimum <= value <= kolom.maximum:
        raise Ongeldig(_("Het getal ligt buiten het toegestane bereik."), allowed)
    return value


def lees_uren(cel, kolom: Kolom) -> Decimal:
    """Hours with one decimal, written with a comma or a point (2,5 or 2.5)."""
    allowed = [_("een aantal uren van %(min)s tot en met %(max)s, bijvoorbeeld 1,5") % {"min": "0,1", "max": kolom.maximum}]
    if isinstance(cel, bool):
        raise Ongeldig(_("Geen aantal uren."), allowed)
    text = tekst(cel).replace(",", ".")
    if not re.fullmatch(r"[0-9]{1,4}(\.[0-9]+)?", text):
        raise Ongeldig(_("Geen aantal uren."), allowed)
    value = Decimal(text)
    if value != value.quantize(Decimal("0.1")):
        raise Ongeldig(_("Uren met hoogstens één cijfer achter de komma."), allowed)
    if not Decimal("0.1") <= value <= kolom.maximum:
        raise Ongeldig(_("Het aantal uren ligt buiten het toegestane bereik."), allowed)
    return value


def splits(cel) -> list[str]:
    parts = [p.strip() for p in tekst(cel).split(MEERDERE)]
    return [p for p in parts if p]


def lees_cel(kolom: Kolom, cel, ctx, jaar: int | None):
    """The value of one non-empty cell. `ctx` supplies the organisation's lists (see importeren.Opzoek)."""
    soort = kolom.soort
    if soort == "datum":
        return lees_datum(cel, ctx.vandaag)
    if soort == "janee":
        return lees_janee(cel)
    if soort == "geheel":
        return lees_geheel(cel, kolom)
    if soort == "uren":
        return lees_uren(cel, kolom)
    if soort == "kenmerk":
        value = tekst(cel)
        if len(value) > MAX_KENMERK:
            raise Ongeldig(_("Een kenmerk is hoogstens %(n)s tekens lang.") % {"n": MAX_KENMERK}, [])
        return value
    if soort == "keuze":
        return ctx.lijst(kolom.lijst).zoek(tekst(cel))
    if soort == "meerkeuze":
        lijst = ctx.lijst(kolom.lijst)
        return _uniek(lijst.zoek(part) for part in splits(cel))
    if soort == "onderdeel":
        return ctx.onderdelen(jaar).zoek(tekst(cel))
    if soort == "categorie":
        return ctx.categorieen(kolom.lijst, jaar).zoek(tekst(cel))
    if soort == "categorieen":
        parts = splits(cel)
        if kolom.naam == "gevolg" and [normaliseer(p) for p in parts] == [normaliseer(GEEN_MAATREGEL)]:
            return []
        lijst = ctx.categorieen(kolom.lijst, jaar)
        return _uniek(lijst.zoek(part) for part in parts)
    raise AssertionError(f"unknown column kind {soort}")


def _uniek(values) -> list:
    result = []
    for value in values:
        if value not in result:
            result.append(value)
    return result


# --- the two registers ------------------------------------------------------------------------------------------

INTEGRITEIT_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("kenmerk", "kenmerk", uitleg=gettext_lazy(
        "Bijvoorbeeld 2023-014. Leeg: een nieuw kenmerk JJJJ-NNN. Een kenmerk JJJJ-NNN uit het jaar van ontvangst "
        "houdt zijn volgnummer; nieuwe kenmerken gaan daarna verder. Een ander kenmerk (INT/2019/7) blijft zoals het "
        "is. Hoogstens 20 tekens.")),
    Kolom("datum_ontvangst", "datum", verplicht=True, uitleg=gettext_lazy("JJJJ-MM-DD of DD-MM-JJJJ.")),
    Kolom("onderwerp", "categorie", verplicht=True, lijst="integriteit_onderwerp",
          uitleg=gettext_lazy("Een onderwerp uit de integriteitsindeling van de organisatie (naam of code).")),
    Kolom("bron", "keuze", verplicht=True, lijst="bron"),
    Kolom("kanaal", "keuze", lijst="kanaal", standaard="coordinator",
          uitleg=gettext_lazy("Leeg: rechtstreeks bij de coördinator (de controle meldt hoeveel rijen dat betreft).")),
    Kolom("spoor", "keuze", lijst="spoor", uitleg=gettext_lazy(
        "Leeg: ongewenst gedrag bij een intern traject of bij het onderwerp ongewenste omgangsvormen / omgaan met "
        "elkaar; misstand bij het onderwerp misstand; anders vermoeden integriteitsschending.")),
    Kolom("organisatieonderdeel", "onderdeel", uitleg=gettext_lazy("Een onderdeel dat in het jaar van ontvangst bestond.")),
    Kolom("feitenonderzoek", "janee", standaard=False, uitleg=gettext_lazy("ja of nee; leeg is nee.")),
    Kolom("intern_traject", "janee", standaard=False, uitleg=gettext_lazy("ja of nee; leeg is nee.")),
    Kolom("bevinding", "categorie", lijst="bevinding", uitleg=gettext_lazy("Een bevinding uit de lijst van de organisatie.")),
    Kolom("gevolg", "categorieen", lijst="maatregel", standaard=[],
          uitleg=gettext_lazy("Eén of meer maatregelen uit de lijst van de organisatie, gescheiden door ‘;’. "
                              "‘n.v.t.’: geen maatregel.")),
    Kolom("status", "keuze", lijst="status",
          uitleg=gettext_lazy("Leeg: afgehandeld als datum_afgehandeld is ingevuld, anders in behandeling.")),
    Kolom("datum_afgehandeld", "datum",
          uitleg=gettext_lazy("Verplicht bij de status afgehandeld; niet vóór de datum van ontvangst.")),
    Kolom("aangifte", "janee", standaard=False, uitleg=gettext_lazy("ja of nee; leeg is nee.")),
    Kolom("aantal_betrokkenen", "geheel", standaard=1, minimum=0, maximum=100,
          uitleg=gettext_lazy("Geheel getal 0–100, standaard 1. Elke betrokkene (B1, B2 …, functie onbekend) krijgt "
                              "de bevinding en het gevolg van de rij.")),
)

VP_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("kenmerk", "kenmerk",
          uitleg=gettext_lazy("Uw eigen kenmerk (hoogstens 20 tekens); voorkomt dubbel importeren.")),
    Kolom("datum_eerste_contact", "datum", verplicht=True, uitleg=gettext_lazy("JJJJ-MM-DD of DD-MM-JJJJ.")),
    Kolom("soort_contact", "keuze", lijst="soort_contact", standaard="melding", uitleg=gettext_lazy("Leeg is melding.")),
    Kolom("onderwerpen", "categorieen", lijst="vp_onderwerp", standaard=[],
          uitleg=gettext_lazy("Verplicht bij een melding. Eén of meer uit de lijst van de organisatie, gescheiden "
                              "door ‘;’.")),
    Kolom("organisatieonderdeel", "onderdeel",
          uitleg=gettext_lazy("Het onderdeel van de melder, dat in dat jaar bestond. Leeg: niet vastgelegd.")),
    Kolom("geslacht", "keuze", lijst="geslacht", standaard=""),
    Kolom("relatie_veroorzaker", "keuze", lijst="relatie_veroorzaker", standaard=""),
    Kolom("soort_hulpvraag", "meerkeuze", lijst="hulpvraag", standaard=[], uitleg=gettext_lazy("Eén of meer, gescheiden door ‘;’.")),
    Kolom("verwezen_naar", "meerkeuze", lijst="verwijzing", standaard=[], uitleg=gettext_lazy("Eén of meer, gescheiden door ‘;’.")),
    Kolom("vervolg", "meerkeuze", lijst="vervolg", standaard=[], uitleg=gettext_lazy("Eén of meer, gescheiden door ‘;’.")),
    Kolom("resultaat", "keuze", lijst="resultaat", standaard=""),
    Kolom("verzuim_bij_aanmelding", "keuze", lijst="verzuim", standaard="onbekend", uitleg=gettext_lazy("Leeg is onbekend.")),
    Kolom("aantal_gesprekken", "geheel", standaard=1, minimum=0, maximum=500,
          uitleg=gettext_lazy("Geheel getal 0–500, standaard 1. Elk gesprek staat op de datum van het eerste contact, "
                              "met vorm en duur ‘niet vastgelegd’.")),
    Kolom("datum_afgesloten", "datum", uitleg=gettext_lazy("Leeg: het dossier blijft open.")),
)

GESPREK_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("dossier", "kenmerk", verplicht=True, uitleg=gettext_lazy(
        "Het kenmerk van uw eigen dossier: het kenmerk waarmee u het importeerde, of het kenmerk dat Vertrouwd toont "
        "(VP-JJJJ-nummer).")),
    Kolom("datum", "datum", verplicht=True, uitleg=gettext_lazy("Niet vóór het eerste contact van het dossier.")),
    Kolom("vorm", "keuze", lijst="gespreksvorm", standaard="", uitleg=gettext_lazy("Leeg: niet vastgelegd.")),
    Kolom("duur_minuten", "geheel", minimum=1, maximum=600,
          uitleg=gettext_lazy("Duur in minuten, 1–600. Leeg: niet vastgelegd.")),
)

ACTIVITEIT_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("datum", "datum", verplicht=True, uitleg=gettext_lazy("JJJJ-MM-DD of DD-MM-JJJJ.")),
    Kolom("soort", "keuze", verplicht=True, lijst="activiteit"),
    Kolom("uren", "uren", verplicht=True, maximum=100,
          uitleg=gettext_lazy("Aantal uren, 0,1 tot en met 100, met een komma of een punt.")),
    Kolom("deelnemers", "geheel", minimum=0, maximum=100_000,
          uitleg=gettext_lazy("Aantal deelnemers. Leeg: niet vastgelegd.")),
)

# A signaal's theme is free text, and files carry none: an imported signaal counts (per year and recipient) with a
# fixed text as its theme, like an imported melding's omschrijving.
SIGNAAL_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("datum", "datum", verplicht=True, uitleg=gettext_lazy("JJJJ-MM-DD of DD-MM-JJJJ.")),
    Kolom("aan", "keuze", verplicht=True, lijst="signaal_aan",
          uitleg=gettext_lazy("Aan wie het signaal of advies is gegeven.")),
)

KOLOMMEN: dict[str, tuple[Kolom, ...]] = {
    MELDINGEN: INTEGRITEIT_KOLOMMEN, VERTROUWENSPERSONEN: VP_KOLOMMEN, GESPREKKEN: GESPREK_KOLOMMEN,
    ACTIVITEITEN: ACTIVITEIT_KOLOMMEN, SIGNALEN: SIGNAAL_KOLOMMEN,
}


def kolomnamen(register: str) -> list[str]:
    return [k.naam for k in KOLOMMEN[register]]
