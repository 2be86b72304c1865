"""Import of a file into one register of one organisation: validate everything, then write all or nothing.

`importeer()` reads the file, checks every row against the column definitions (columns.py) and the
organisation's lists, and collects *all* problems. Only when there are none (and it is not a dry run) does it
write every row in one transaction, in bulk, with one audit entry. Rows already imported (same kenmerk, or
for a row without kenmerk the same content) are skipped and reported, so re-running a file changes nothing.

Imported records look like what the registers' own services produce (status history, child tables, gesprekken),
minus what a spreadsheet does not hold: no free text is imported; a melding's description is a fixed note.
"""

import datetime
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import audit
from accounts.models import Lidmaatschap, Organisatie, Organisatieonderdeel, Rol, User
from bewaren import termijn as bewaartermijn
from bewaren.models import Register
from meldingen import termijnen
from meldingen.models import (
    Beoordeling,
    Betrokkene,
    Bron,
    Feitenonderzoek,
    Functiecategorie,
    InternTraject,
    Kanaal,
    KenmerkTeller,
    Maatregel,
    Melding,
    Spoor,
    Status,
    StatusWijziging,
    Termijn,
    Uitvoering,
)
from taxonomie.models import Categorie, Soort, categorie_naam
from uitwisseling import parsing
from uitwisseling.columns import (
    KOLOMMEN,
    MELDINGEN,
    REGISTERS,
    VERTROUWENSPERSONEN,
    Kolom,
    Ongeldig,
    kolomnamen,
    lees_cel,
    tekst,
)
from uitwisseling.matching import Keuzelijst, Onbekend, normaliseer, uit_choices
from uitwisseling.models import ImportRegel, ImportRun
from vertrouwenspersonen import models as vp

OMSCHRIJVING_IMPORT = "Overgenomen uit een eerder register (import); de omschrijving is niet overgenomen."
REDEN_IMPORT = "Status overgenomen bij import."
OPDRACHTGEVER_IMPORT = "Onbekend (import)"
KENMERK_PATROON = re.compile(r"^(\d{4})-(\d{1,6})$")
VP_KENMERK_PATROON = re.compile(r"^vp-(\d{4})-(\d+)$")
BATCH = 500

# Where a bevinding says what the assessment was (for a closed melding the workflow expects a beoordeling).
BEOORDELING_UIT_BEVINDING = {
    "geen-redelijk-vermoeden-van-een-integriteitsschending": Beoordeling.GEEN_REDELIJK_VERMOEDEN,
    "arbeidsconflict": Beoordeling.ARBEIDSCONFLICT,
    "functioneringskwestie": Beoordeling.FUNCTIONERINGSKWESTIE,
    "afgehandeld-via-de-interne-regeling-ongewenst-gedrag": Beoordeling.INTERN_TRAJECT,
}
ONGEWENST_GEDRAG_ONDERWERPEN = {"ongewenste-omgangsvormen", "omgaan-met-elkaar"}


class ImportWeigering(PermissionError):
    """The person may not import into this register or in this name."""


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


# --- the organisation's lists ------------------------------------------------------------------------------------

FIXED_LISTS = {
    "bron": lambda: uit_choices(_("bron"), Bron.choices),
    "kanaal": lambda: uit_choices(
        "kanaal", Kanaal.choices, ("coordinator", "rechtstreeks"), ("coordinator", "coördinator"),
        ("leidinggevende", "leidinggevende"), ("vertrouwenspersoon", "vertrouwenspersoon"),
    ),
    "spoor": lambda: uit_choices(
        "spoor", Spoor.choices, ("integriteit", "integriteitsschending"), ("integriteit", "vermoeden integriteitsschending"),
        ("misstand", "vermoeden misstand"),
    ),
    "status": lambda: uit_choices(_("status"), Status.choices),
    "soort_contact": lambda: uit_choices(_("soort contact"), vp.SoortContact.choices),
    "geslacht": lambda: uit_choices(_("waarde voor geslacht"), vp.Geslacht.choices, ("man", "m"), ("vrouw", "v")),
    "relatie_veroorzaker": lambda: uit_choices(_("relatie"), vp.RelatieVeroorzaker.choices),
    "hulpvraag": lambda: uit_choices(_("soort hulpvraag"), vp.Hulpvraag.choices),
    "verwijzing": lambda: uit_choices(_("verwijzing"), vp.Verwijzing.choices),
    "vervolg": lambda: uit_choices(_("vervolg"), vp.Vervolg.choices),
    "resultaat": lambda: uit_choices(_("resultaat"), vp.Resultaat.choices),
    "verzuim": lambda: uit_choices(_("waarde voor verzuim"), vp.Verzuim.choices, ("ja", "j"), ("nee", "n")),
}


def _valid_in(obj, jaar: int | None) -> bool:
    if jaar is None:
        return True
    return obj.geldig_van <= datetime.date(jaar, 12, 31) and (
        obj.geldig_tot is None or obj.geldig_tot >= datetime.date(jaar, 1, 1)
    )


class Opzoek:
    """The organisation's categories, units and fixed lists, loaded once per import and cached per year."""

    def __init__(self, organisatie: Organisatie, vandaag: datetime.date | None = None):
        self.organisatie = organisatie
        self.vandaag = vandaag or timezone.localdate()
        self._lists: dict[str, Keuzelijst] = {}
        self._cats: dict[str, list[Categorie]] = {}
        self._cat_lists: dict[tuple[str, int | None], Keuzelijst] = {}
        self._units: list[Organisatieonderdeel] | None = None
        self._unit_lists: dict[int | None, Keuzelijst] = {}
        self.parents: dict[int, Categorie] = {}

    def lijst(self, naam: str) -> Keuzelijst:
        if naam not in self._lists:
            self._lists[naam] = FIXED_LISTS[naam]()
        return self._lists[naam]

    def _categorieen(self, soort: str) -> list[Categorie]:
        if soort not in self._cats:
            cats = list(Categorie.objects.van(self.organisatie, soort).order_by("volgorde", "label", "pk"))
            self._cats[soort] = cats
            self.parents.update({c.pk: c for c in cats})
        return self._cats[soort]

    def categorieen(self, soort: str, jaar: int | None) -> Keuzelijst:
        key = (soort, jaar)
        if key not in self._cat_lists:
            omschrijving = {
                Soort.VP_ONDERWERP: _("onderwerp"), Soort.INTEGRITEIT_ONDERWERP: _("onderwerp"),
                Soort.BEVINDING: _("bevinding"), Soort.MAATREGEL: _("maatregel of gevolg"),
            }[soort]
            if jaar is not None:
                omschrijving += " " + _("(geldig in %(jaar)s)") % {"jaar": jaar}
            lijst = Keuzelijst(omschrijving)
            cats = self._categorieen(soort)
            for categorie in cats:
                if _valid_in(categorie, jaar):
                    lijst.voeg_toe(categorie, categorie_naam(categorie, self.parents), categorie.code, categorie.label)
            self._cat_lists[key] = lijst
        return self._cat_lists[key]

    def onderdelen(self, jaar: int | None) -> Keuzelijst:
        if self._units is None:
            self._units = list(
                Organisatieonderdeel.objects.filter(organisatie=self.organisatie).order_by("naam", "-geldig_van")
            )
        if jaar not in self._unit_lists:
            lijst = Keuzelijst(_("organisatieonderdeel") + (" " + _("(bestaand in %(jaar)s)") % {"jaar": jaar}
                                                           if jaar else ""))
            seen = set()
            for unit in self._units:
                key = normaliseer(unit.naam)
                # A name used twice (re-created unit) means the most recent one valid that year.
                if _valid_in(unit, jaar) and key not in seen:
                    seen.add(key)
                    lijst.voeg_toe(unit, unit.naam)
            self._unit_lists[jaar] = lijst
        return self._unit_lists[jaar]


# --- reading rows ----------------------------------------------------------------------------------------------

def _leeg(cel) -> bool:
    return cel is None or (isinstance(cel, str) and not cel.strip())


def _check_header(tabel: parsing.Tabel, register: str, resultaat: Resultaat) -> bool:
    known = kolomnamen(register)
    seen: dict[str, int] = {}
    for index, (naam, origineel) in enumerate(zip(tabel.kop, tabel.kop_origineel, strict=True), start=1):
        if not naam:
            if any(index - 1 < len(row) and not _leeg(row[index - 1]) for _n, row in tabel.rijen):
                resultaat.fout(1, _("kolom %(n)s") % {"n": index}, "", _("Deze kolom heeft geen naam maar bevat wel gegevens."), known)
            continue
        if naam in seen:
            resultaat.fout(1, origineel, origineel, _("Deze kolom komt twee keer voor (ook kolom %(n)s).") % {"n": seen[naam]})
        seen.setdefault(naam, index)
        if naam not in known:
            resultaat.fout(1, origineel, origineel, _("Onbekende kolom."), known)
    for kolom in KOLOMMEN[register]:
        if kolom.verplicht and kolom.naam not in seen:
            resultaat.fout(1, kolom.naam, "", _("Deze verplichte kolom ontbreekt in de kopregel."), known)
    return resultaat.ok


def _vingerafdruk(register: str, kolommen: tuple[Kolom, ...], cells: dict, counter: Counter) -> str:
    key = "\x1f".join(normaliseer(tekst(cells.get(k.naam))) for k in kolommen)
    counter[key] += 1
    return hashlib.sha256(f"{register}\x1e{key}\x1e{counter[key]}".encode()).hexdigest()


def _lees_rij(kolommen: tuple[Kolom, ...], cells: dict, nummer: int, ctx: Opzoek, resultaat: Resultaat) -> dict | None:
    """The typed values of one row, or None when any cell failed (its errors are collected)."""
    before = len(resultaat.fouten)
    values: dict[str, Any] = {}
    if "__extra__" in cells:
        resultaat.fout(nummer, "", cells["__extra__"][0], _("Deze rij heeft meer cellen dan de kopregel kolommen heeft."))
    # The first required date decides the year in which categories and units must be valid.
    datum_kolom = next(k for k in kolommen if k.soort == "datum" and k.verplicht)
    order = [datum_kolom, *[k for k in kolommen if k is not datum_kolom]]
    jaar = None
    for kolom in order:
        cel = cells.get(kolom.naam)
        if _leeg(cel):
            if kolom.verplicht:
                resultaat.fout(nummer, kolom.naam, "", _("Deze kolom is verplicht maar de cel is leeg."))
            values[kolom.naam] = list(kolom.standaard) if isinstance(kolom.standaard, list) else kolom.standaard
            values.setdefault("_leeg", set()).add(kolom.naam)
            continue
        try:
            values[kolom.naam] = lees_cel(kolom, cel, ctx, jaar)
        except Onbekend as exc:
            resultaat.fout(nummer, kolom.naam, cel, exc.probleem, exc.toegestaan)
            continue
        except Exception:  # noqa: BLE001 - a cell must never crash the import; report it instead
            resultaat.fout(nummer, kolom.naam, cel, _("Deze waarde kan niet worden gelezen."))
            continue
        if kolom is datum_kolom:
            jaar = values[kolom.naam].year
    return values if len(resultaat.fouten) == before else None


def _afgeleid_spoor(values: dict) -> str:
    if values["intern_traject"]:
        return Spoor.ONGEWENST_GEDRAG
    code = values["onderwerp"].code
    if "misstand" in code:
        return Spoor.MISSTAND
    if code in ONGEWENST_GEDRAG_ONDERWERPEN:
        return Spoor.ONGEWENST_GEDRAG
    return Spoor.INTEGRITEIT


def _controleer_integriteit(values: dict, nummer: int, resultaat: Resultaat) -> bool:
    before = len(resultaat.fouten)
    ontvangen, afgehandeld = values["datum_ontvangst"], values["datum_afgehandeld"]
    if values["status"] is None:
        values["status"] = Status.AFGEHANDELD if afgehandeld else Status.IN_BEHANDELING
    status = values["status"]
    if afgehandeld and afgehandeld < ontvangen:
        resultaat.fout(nummer, "datum_afgehandeld", afgehandeld.isoformat(), _("Deze datum ligt vóór de datum van ontvangst."))
    if status == Status.AFGEHANDELD and not afgehandeld:
        resultaat.fout(nummer, "datum_afgehandeld", "", _("Bij de status afgehandeld hoort een datum afgehandeld."))
    if afgehandeld and status != Status.AFGEHANDELD:
        resultaat.fout(nummer, "status", status, _("Een melding met een datum afgehandeld heeft de status afgehandeld."),
                       ["afgehandeld", _("(leeg)")])
    if status == Status.FEITENONDERZOEK and not values["feitenonderzoek"]:
        resultaat.fout(nummer, "feitenonderzoek", "nee", _("Bij de status feitenonderzoek hoort feitenonderzoek ja."),
                       ["ja"])
    if values["aantal_betrokkenen"] == 0 and (values["bevinding"] or values["gevolg"]):
        resultaat.fout(nummer, "aantal_betrokkenen", "0",
                       _("Een bevinding of gevolg hoort bij een betrokkene: het aantal betrokkenen is 0."),
                       [_("1 of meer"), _("of laat bevinding en gevolg leeg")])
    if values["spoor"] is None:
        values["spoor"] = _afgeleid_spoor(values)
        values["_spoor_afgeleid"] = True
    return len(resultaat.fouten) == before


def _controleer_vp(values: dict, nummer: int, resultaat: Resultaat) -> bool:
    before = len(resultaat.fouten)
    if values["soort_contact"] == vp.SoortContact.MELDING and not values["onderwerpen"]:
        resultaat.fout(nummer, "onderwerpen", "", _("Bij een melding is ten minste één onderwerp verplicht."))
    afgesloten = values["datum_afgesloten"]
    if afgesloten and afgesloten < values["datum_eerste_contact"]:
        resultaat.fout(nummer, "datum_afgesloten", afgesloten.isoformat(),
                       _("Deze datum ligt vóór de datum van het eerste contact."))
    return len(resultaat.fouten) == before


def valideer(
    data: bytes, *, organisatie: Organisatie, register: str, bestandsnaam: str = "", eigenaar: User | None = None,
    vandaag: datetime.date | None = None,
) -> Resultaat:
    """Checks the whole file; writes nothing. Every problem is in `fouten`, every row to create in `te_maken`."""
    if register not in REGISTERS:
        raise ValueError(f"Unknown register {register!r}")
    if register == VERTROUWENSPERSONEN and eigenaar is None:
        raise ValueError("The VP register is checked against one owner's dossiers: pass eigenaar")
    resultaat = Resultaat(register=register)
    try:
        tabel = parsing.lees_bestand(data, bestandsnaam)
    except parsing.Bestandsfout as exc:
        resultaat.fout(0, "", "", str(exc))
        return resultaat
    resultaat.formaat = tabel.formaat
    resultaat.rijen = len(tabel.rijen)
    if not _check_header(tabel, register, resultaat):
        return resultaat
    if not tabel.rijen:
        resultaat.opmerkingen.append(_("Het bestand bevat alleen een kopregel: er is niets te importeren."))
        return resultaat
    ctx = Opzoek(organisatie, vandaag)
    kolommen = KOLOMMEN[register]
    controle = _controleer_integriteit if register == MELDINGEN else _controleer_vp
    occurrences: Counter = Counter()
    gelezen: list[Rij] = []
    for nummer, cells in parsing.rijen_als_dicts(tabel):
        vingerafdruk = _vingerafdruk(register, kolommen, cells, occurrences)
        values = _lees_rij(kolommen, cells, nummer, ctx, resultaat)
        if values is not None and controle(values, nummer, resultaat):
            gelezen.append(Rij(nummer, values, vingerafdruk))
    _kenmerken(gelezen, organisatie=organisatie, register=register, eigenaar=eigenaar, resultaat=resultaat)
    with translation.override("nl"):  # category and choice labels as the register shows them
        resultaat.samenvatting = _samenvatting(resultaat.te_maken, register, ctx)
    _opmerkingen(resultaat, register)
    return resultaat


def _eerdere_regels(organisatie: Organisatie, register: str, eigenaar: User | None):
    """The rows imported before into this register: the organisation's for meldingen, the owner's own for the VP
    register (another VP's kenmerken must neither block this import nor be revealed by it)."""
    regels = ImportRegel.objects.filter(organisatie=organisatie, register=register)
    if register == VERTROUWENSPERSONEN:
        regels = regels.filter(eigenaar=eigenaar)
    return regels


def _kenmerken(
    rijen: list[Rij], *, organisatie: Organisatie, register: str, eigenaar: User | None, resultaat: Resultaat
) -> None:
    """Duplicates within the file are errors; rows already in the register are skipped (idempotency)."""
    regels = _eerdere_regels(organisatie, register, eigenaar)
    eerder = set(regels.exclude(kenmerk="").values_list("kenmerk", flat=True))
    vingerafdrukken = set(regels.values_list("vingerafdruk", flat=True))
    if register == MELDINGEN:
        bestaand = dict(Melding.objects.filter(organisatie=organisatie).values_list("kenmerk", "pk"))
        nummers = set(Melding.objects.filter(organisatie=organisatie).values_list("jaar", "volgnummer"))
    else:
        bestaand, nummers = {}, set()
    eigen_vp = _eigen_vp_kenmerken(rijen, organisatie, register, eigenaar)
    in_file: dict[str, int] = {}
    nummers_in_file: dict[tuple[int, int], int] = {}
    for rij in rijen:
        kenmerk = rij.waarden["kenmerk"] or ""
        if kenmerk:
            key = kenmerk.casefold()
            if key in in_file:
                resultaat.fout(rij.nummer, "kenmerk", kenmerk, _("Dit kenmerk komt al voor in rij %(rij)s.") % {"rij": in_file[key]})
                continue
            in_file[key] = rij.nummer
            if kenmerk in eerder or kenmerk in bestaand or key in eigen_vp:
                resultaat.overgeslagen.append((rij.nummer, kenmerk, _("Dit kenmerk staat al in het register.")))
                continue
        elif rij.vingerafdruk in vingerafdrukken:
            resultaat.overgeslagen.append((rij.nummer, "", _("Deze rij (zonder kenmerk) is al eerder geïmporteerd.")))
            continue
        if register == MELDINGEN and kenmerk:
            match = KENMERK_PATROON.match(kenmerk)
            jaar = rij.waarden["datum_ontvangst"].year
            if match and int(match[1]) == jaar:
                pair = (jaar, int(match[2]))
                if pair in nummers or pair in nummers_in_file:
                    resultaat.fout(rij.nummer, "kenmerk", kenmerk,
                                   _("Het volgnummer van dit kenmerk is in dat jaar al in gebruik bij een andere "
                                     "melding."))
                    continue
                nummers_in_file[pair] = rij.nummer
        resultaat.te_maken.append(rij)


def _eigen_vp_kenmerken(rijen: list[Rij], organisatie: Organisatie, register: str, eigenaar: User | None) -> set[str]:
    """An export of the VP register writes a dossier's own kenmerk (VP-<year>-<id>); importing it back is a no-op.
    Only the owner's own dossiers count: whether another VP has dossier VP-2024-17 is not this VP's business.
    One query for all such kenmerken in the file."""
    if register != VERTROUWENSPERSONEN:
        return set()
    wanted = {}
    for rij in rijen:
        match = VP_KENMERK_PATROON.match((rij.waarden["kenmerk"] or "").casefold())
        if match:
            wanted[int(match[2])] = int(match[1])
    if not wanted:
        return set()
    ids = sorted(wanted)
    result = set()
    for start in range(0, len(ids), 5000):  # bounded IN lists (SQLite limits bound parameters)
        found = vp.Dossier.objects.filter(organisatie=organisatie, eigenaar=eigenaar,
                                          pk__in=ids[start:start + 5000]).values_list(
            "pk", "eerste_contact")
        result |= {f"vp-{d.year}-{pk}" for pk, d in found if wanted[pk] == d.year}
    return result


def _label(value, keuzes) -> str:
    """Dutch label of a TextChoices value (the summary is built under translation.override('nl'))."""
    labels = _LABEL_CACHE.get(keuzes)
    if labels is None:
        labels = _LABEL_CACHE[keuzes] = {v: str(label) for v, label in keuzes.choices}
    return labels.get(value, value or "niet ingevuld")


_LABEL_CACHE: dict[type, dict] = {}


def _samenvatting(rijen: list[Rij], register: str, ctx: Opzoek) -> list[tuple[str, list[tuple[str, int]]]]:
    """What would be created, counted per register and category (the dry-run report)."""
    def telling(values) -> list[tuple[str, int]]:
        return sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))

    def naam(cat) -> str:
        return categorie_naam(cat, ctx.parents) if cat else "niet ingevuld"

    jaren = telling(str(next(v for k, v in r.waarden.items() if k.startswith("datum_")).year) for r in rijen)
    if register == MELDINGEN:
        w = [r.waarden for r in rijen]
        betrokkenen = sum(v["aantal_betrokkenen"] for v in w)
        return [
            (_("Meldingen"), [(_("te importeren"), len(w)), (_("betrokkenen"), betrokkenen),
                           (_("feitenonderzoeken"), sum(1 for v in w if v["feitenonderzoek"])),
                           (_("interne trajecten"), sum(1 for v in w if v["intern_traject"])),
                           (_("aangiften"), sum(1 for v in w if v["aangifte"]))]),
            (_("Per jaar van ontvangst"), jaren),
            (_("Per onderwerp"), telling(naam(v["onderwerp"]) for v in w)),
            (_("Per bron"), telling(_label(v["bron"], Bron) for v in w)),
            (_("Per kanaal"), telling(_label(v["kanaal"], Kanaal) for v in w)),
            (_("Per spoor"), telling(_label(v["spoor"], Spoor) for v in w)),
            (_("Per status"), telling(_label(v["status"], Status) for v in w)),
            (_("Bevindingen (per betrokkene)"), telling(
                naam(v["bevinding"]) for v in w for _ in range(v["aantal_betrokkenen"]))),
            (_("Maatregelen (per betrokkene)"), telling(
                naam(g) for v in w for g in v["gevolg"] for _ in range(v["aantal_betrokkenen"]))),
        ]
    w = [r.waarden for r in rijen]
    return [
        (_("Dossiers"), [(_("te importeren"), len(w)), (_("gesprekken"), sum(v["aantal_gesprekken"] for v in w)),
                      (_("afgesloten"), sum(1 for v in w if v["datum_afgesloten"]))]),
        (_("Per jaar van eerste contact"), jaren),
        (_("Per soort contact"), telling(_label(v["soort_contact"], vp.SoortContact) for v in w)),
        (_("Per onderwerp"), telling(naam(c) for v in w for c in v["onderwerpen"])),
        (_("Per organisatieonderdeel"), telling(v["organisatieonderdeel"].naam for v in w)),
    ]


def _opmerkingen(resultaat: Resultaat, register: str) -> None:
    rijen = [r.waarden for r in resultaat.te_maken]
    if register == MELDINGEN:
        zonder_kanaal = sum(1 for r in rijen if "kanaal" in r.get("_leeg", ()))
        afgeleid = sum(1 for r in rijen if r.get("_spoor_afgeleid"))
        if afgeleid:
            resultaat.opmerkingen.append(
                _("%(n)s rij(en) zonder spoor: het spoor is afgeleid uit intern traject en onderwerp.") % {"n": afgeleid})
        if zonder_kanaal:
            resultaat.opmerkingen.append(
                _("%(n)s rij(en) zonder kanaal: vastgelegd als ‘rechtstreeks bij de coördinator’.") % {"n": zonder_kanaal})
        zonder_kenmerk = sum(1 for r in rijen if not r["kenmerk"])
        if zonder_kenmerk:
            resultaat.opmerkingen.append(_("%(n)s rij(en) zonder kenmerk krijgen een nieuw kenmerk.") % {"n": zonder_kenmerk})


def operator_details(bron: str) -> dict:
    """On the command line there is no logged-in user: record the operating-system account that ran it."""
    if bron != "cli":
        return {}
    import getpass

    try:
        return {"operator": getpass.getuser()}
    except (KeyError, OSError):
        return {"operator": "onbekend"}


# --- permissions -------------------------------------------------------------------------------------------------

def controleer_rechten(*, organisatie: Organisatie, register: str, door: User | None, eigenaar: User | None) -> None:
    """A coordinator imports into the meldingenregister; a VP only into the VP register, as owner.

    `door=None` is the operator on the command line, who may name any active VP of the organisation as owner.
    """
    if register == MELDINGEN:
        if eigenaar is not None:
            raise ImportWeigering(_("--eigenaar hoort alleen bij de VP-registratie."))
        if door is not None and Lidmaatschap.objects.actieve_rol(door, organisatie, Rol.COORDINATOR) is None:
            raise ImportWeigering(_("Alleen een integriteitscoördinator van deze organisatie importeert meldingen."))
        return
    if eigenaar is None:
        raise ImportWeigering(_("Geef de vertrouwenspersoon op die eigenaar wordt van de dossiers."))
    if Lidmaatschap.objects.actieve_rol(eigenaar, organisatie, Rol.VERTROUWENSPERSOON) is None:
        raise ImportWeigering(_("%(email)s is geen actieve vertrouwenspersoon van deze organisatie.")
                              % {"email": eigenaar.email})
    if door is not None and door.pk != eigenaar.pk:
        raise ImportWeigering(_("Een vertrouwenspersoon importeert alleen in de eigen dossiers."))


# --- writing -----------------------------------------------------------------------------------------------------

def importeer(
    data: bytes, *, organisatie: Organisatie, register: str, door: User | None, eigenaar: User | None = None,
    bestandsnaam: str = "", proef: bool = False, bron: str = "web", request=None,
    vandaag: datetime.date | None = None,
) -> Resultaat:
    """Validates and — unless `proef` or any error — writes every row in one transaction."""
    controleer_rechten(organisatie=organisatie, register=register, door=door, eigenaar=eigenaar)
    details_base = {"register": register, "bron": bron, **operator_details(bron)}
    try:
        with transaction.atomic():
            resultaat = valideer(data, organisatie=organisatie, register=register, bestandsnaam=bestandsnaam,
                                 eigenaar=eigenaar, vandaag=vandaag)
            if proef or not resultaat.ok or not resultaat.te_maken:
                audit("import_gecontroleerd", gebruiker=door, organisatie=organisatie, request=request,
                      objecttype="uitwisseling.import",
                      details={**details_base, "proef": proef, "rijen": resultaat.rijen,
                               "fouten": len(resultaat.fouten), "te_maken": len(resultaat.te_maken),
                               "overgeslagen": len(resultaat.overgeslagen)})
                return resultaat
            run = ImportRun.objects.create(
                organisatie=organisatie, register=register, door=door, eigenaar=eigenaar, bron=bron,
                formaat=resultaat.formaat, aangemaakt=len(resultaat.te_maken),
                overgeslagen=len(resultaat.overgeslagen),
            )
            if register == MELDINGEN:
                _schrijf_meldingen(resultaat.te_maken, organisatie=organisatie, door=door, run=run)
            else:
                _schrijf_dossiers(resultaat.te_maken, organisatie=organisatie, eigenaar=eigenaar, run=run)
            resultaat.uitgevoerd, resultaat.aangemaakt, resultaat.run = True, len(resultaat.te_maken), run
            audit("import_uitgevoerd", gebruiker=door, organisatie=organisatie, request=request, obj=run,
                  details={**details_base, "formaat": resultaat.formaat, "rijen": resultaat.rijen,
                           "aangemaakt": resultaat.aangemaakt, "overgeslagen": len(resultaat.overgeslagen),
                           "eigenaar_id": getattr(eigenaar, "pk", None)})
    except IntegrityError:
        # Someone wrote the same kenmerk at the same moment: nothing of this import was kept.
        resultaat = Resultaat(register=register)
        resultaat.fout(0, "", "", _("Het register is tijdens het importeren gewijzigd. Er is niets geïmporteerd; "
                                    "probeer het opnieuw."))
    return resultaat


def _middag(dag: datetime.date, seconds: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12, 0, seconds)))


def _vernietigen_op(organisatie: Organisatie, register: str):
    """The destruction date of a record closed on a given day, as closing it in the app sets it. One lookup of the
    term per distinct date instead of one per row."""
    cache: dict[datetime.date, datetime.date] = {}

    def op(afgesloten: datetime.date | None) -> datetime.date | None:
        if afgesloten is None:
            return None
        if afgesloten not in cache:
            cache[afgesloten] = bewaartermijn.vernietigen_op(organisatie, register, afgesloten)
        return cache[afgesloten]

    return op


def _tellers(organisatie: Organisatie, rijen: list[Rij]) -> dict[int, KenmerkTeller]:
    """Locks the kenmerk counters of every year involved and moves them past imported YYYY-NNN numbers."""
    jaren: dict[int, int] = defaultdict(int)
    for rij in rijen:
        jaren[rij.waarden["datum_ontvangst"].year] |= 0
        match = KENMERK_PATROON.match(rij.waarden["kenmerk"] or "")
        if match:
            jaar = int(match[1])
            jaren[jaar] = max(jaren[jaar], int(match[2]))
    for jaar in jaren:
        KenmerkTeller.objects.get_or_create(organisatie=organisatie, jaar=jaar, defaults={"laatste": 0})
    tellers = {t.jaar: t for t in KenmerkTeller.objects.select_for_update().filter(organisatie=organisatie,
                                                                                   jaar__in=list(jaren))}
    for jaar, hoogste in jaren.items():
        tellers[jaar].laatste = max(tellers[jaar].laatste, hoogste)
    return tellers


def _schrijf_meldingen(rijen: list[Rij], *, organisatie: Organisatie, door: User | None, run: ImportRun) -> None:
    tellers = _tellers(organisatie, rijen)
    vernietigen_op = _vernietigen_op(organisatie, Register.MELDINGEN)
    meldingen = []
    for rij in rijen:
        v = rij.waarden
        ontvangen = v["datum_ontvangst"]
        kenmerk = v["kenmerk"] or ""
        match = KENMERK_PATROON.match(kenmerk)
        if match and int(match[1]) == ontvangen.year:
            volgnummer = int(match[2])
        else:
            tellers[ontvangen.year].laatste += 1
            volgnummer = tellers[ontvangen.year].laatste
            kenmerk = kenmerk or f"{ontvangen.year}-{volgnummer:03d}"
        beoordeling = ""
        if v["feitenonderzoek"]:
            beoordeling = Beoordeling.FEITENONDERZOEK
        elif v["intern_traject"]:
            beoordeling = Beoordeling.INTERN_TRAJECT
        elif v["bevinding"] is not None:
            beoordeling = BEOORDELING_UIT_BEVINDING.get(v["bevinding"].code, "")
        melding = Melding(
            organisatie=organisatie, kenmerk=kenmerk, jaar=ontvangen.year, volgnummer=volgnummer,
            ontvangen_op=ontvangen, kanaal=v["kanaal"], bron=v["bron"], spoor=v["spoor"], onderwerp=v["onderwerp"],
            onderdeel=v["organisatieonderdeel"], omschrijving=OMSCHRIJVING_IMPORT, aangifte=v["aangifte"],
            beoordeling=beoordeling, status=v["status"],
            afgehandeld_op=v["datum_afgehandeld"] if v["status"] == Status.AFGEHANDELD else None,
            aangemaakt_door=door,
        )
        melding.vernietigen_op = vernietigen_op(melding.afgehandeld_op)
        # Foreign keys were resolved from this organisation's own lists; skipping their per-row existence query
        # keeps 10 000 rows fast, while Melding.clean still checks they belong to the organisation.
        melding.full_clean(exclude=["organisatie", "onderwerp", "onderdeel", "aangemaakt_door", "huidige_wijziging"],
                           validate_unique=False, validate_constraints=False)
        meldingen.append(melding)
    for teller in tellers.values():
        teller.save(update_fields=["laatste"])
    Melding.objects.bulk_create(meldingen, batch_size=BATCH)

    # Status history as the workflow would leave it: received, then the imported status (with a reason).
    wijzigingen, laatste = [], []
    for melding, rij in zip(meldingen, rijen, strict=True):
        eerste = StatusWijziging(melding=melding, van_status="", naar_status=Status.ONTVANGEN, door=door,
                                 tijdstip=_middag(melding.ontvangen_op))
        wijzigingen.append(eerste)
        huidig = eerste
        if melding.status != Status.ONTVANGEN:
            huidig = StatusWijziging(
                melding=melding, van_status=Status.ONTVANGEN, naar_status=melding.status, door=door,
                reden=REDEN_IMPORT, tijdstip=_middag(rij.waarden["datum_afgehandeld"] or melding.ontvangen_op, 1),
            )
            wijzigingen.append(huidig)
        laatste.append(huidig)
    StatusWijziging.objects.bulk_create(wijzigingen, batch_size=BATCH)
    # The pointer to the current status row: one UPDATE with a subquery per batch instead of one per melding, and
    # only for the meldingen of this import (another melding without a pointer is not this import's business).
    huidige = Subquery(StatusWijziging.objects.filter(melding=OuterRef("pk")).order_by("-tijdstip", "-id")
                       .values("pk")[:1])
    ids = [m.pk for m in meldingen]
    for start in range(0, len(ids), 5000):  # bounded IN lists (SQLite limits bound parameters)
        Melding.objects.filter(pk__in=ids[start:start + 5000], huidige_wijziging__isnull=True).update(
            huidige_wijziging=huidige)
    for melding, wijziging in zip(meldingen, laatste, strict=True):
        melding.huidige_wijziging = wijziging

    # Wbk deadlines: a closed melding gets none (the file does not say when it was acknowledged, and a made-up
    # "met" would falsify the jaarverslag); an open one gets the ontvangstbevestiging, as melding_create does,
    # so the coordinator records when it was met.
    termijn_rows, betrokkenen, onderzoeken, trajecten = [], [], [], []
    wbk = {spoor: termijnen.wbk_actief(organisatie, spoor) for spoor in Spoor.values}
    regel = termijnen.ONTVANGSTBEVESTIGING_7D
    for melding, rij in zip(meldingen, rijen, strict=True):
        v = rij.waarden
        if melding.status != Status.AFGEHANDELD and wbk[melding.spoor]:
            termijn_rows.append(Termijn(
                melding=melding, soort=regel.soort, regel=regel.code, gestart_op=melding.ontvangen_op,
                uiterlijk_op=termijnen.ontvangstbevestiging_uiterlijk(melding.ontvangen_op)))
        for nummer in range(1, v["aantal_betrokkenen"] + 1):
            betrokkenen.append((Betrokkene(melding=melding, volgnummer=nummer,
                                           functiecategorie=Functiecategorie.ONBEKEND, bevinding=v["bevinding"]), v))
        if v["feitenonderzoek"]:
            onderzoeken.append(Feitenonderzoek(
                melding=melding, opdrachtgever=OPDRACHTGEVER_IMPORT, uitvoering=Uitvoering.INTERN,
                startdatum=melding.ontvangen_op, einddatum=melding.afgehandeld_op))
        if v["intern_traject"]:
            trajecten.append(InternTraject(melding=melding, startdatum=melding.ontvangen_op,
                                           einddatum=melding.afgehandeld_op))
    Termijn.objects.bulk_create(termijn_rows, batch_size=BATCH)
    Betrokkene.objects.bulk_create([b for b, _v in betrokkenen], batch_size=BATCH)
    Maatregel.objects.bulk_create(
        [Maatregel(betrokkene=b, soort=gevolg, besloten_op=v["datum_afgehandeld"] or v["datum_ontvangst"])
         for b, v in betrokkenen for gevolg in v["gevolg"]], batch_size=BATCH)
    Feitenonderzoek.objects.bulk_create(onderzoeken, batch_size=BATCH)
    InternTraject.objects.bulk_create(trajecten, batch_size=BATCH)
    ImportRegel.objects.bulk_create(
        [ImportRegel(run=run, organisatie=organisatie, register=MELDINGEN, kenmerk=m.kenmerk,
                     vingerafdruk=r.vingerafdruk, object_id=m.pk, rij=r.nummer)
         for m, r in zip(meldingen, rijen, strict=True)], batch_size=BATCH)


def _schrijf_dossiers(rijen: list[Rij], *, organisatie: Organisatie, eigenaar: User, run: ImportRun) -> None:
    lid = Lidmaatschap.objects.actieve_rol(eigenaar, organisatie, Rol.VERTROUWENSPERSOON)
    vernietigen_op = _vernietigen_op(organisatie, Register.VP)
    dossiers = []
    for rij in rijen:
        v = rij.waarden
        dossier = vp.Dossier(
            organisatie=organisatie, eigenaar=eigenaar, vp_extern=lid.extern, onderdeel=v["organisatieonderdeel"],
            eerste_contact=v["datum_eerste_contact"], soort_contact=v["soort_contact"], geslacht=v["geslacht"] or "",
            relatie_veroorzaker=v["relatie_veroorzaker"] or "", verzuim=v["verzuim_bij_aanmelding"] or "onbekend",
            resultaat=v["resultaat"] or "",
            status=vp.Status.AFGESLOTEN if v["datum_afgesloten"] else vp.Status.OPEN,
            afgesloten_op=v["datum_afgesloten"], vernietigen_op=vernietigen_op(v["datum_afgesloten"]),
        )
        dossier.full_clean(exclude=["organisatie", "eigenaar", "onderdeel"], validate_unique=False,
                           validate_constraints=False)
        dossiers.append(dossier)
    vp.Dossier.objects.bulk_create(dossiers, batch_size=BATCH)
    through = vp.Dossier.onderwerpen.through
    onderwerpen, hulpvragen, verwijzingen, vervolgen, gesprekken = [], [], [], [], []
    for dossier, rij in zip(dossiers, rijen, strict=True):
        v = rij.waarden
        onderwerpen += [through(dossier_id=dossier.pk, categorie_id=c.pk) for c in v["onderwerpen"]]
        hulpvragen += [vp.DossierHulpvraag(dossier=dossier, waarde=w) for w in v["soort_hulpvraag"]]
        verwijzingen += [vp.DossierVerwijzing(dossier=dossier, waarde=w) for w in v["verwezen_naar"]]
        vervolgen += [vp.DossierVervolg(dossier=dossier, waarde=w) for w in v["vervolg"]]
        # Conversations without notes on the date of first contact: the file only says how many there were.
        gesprekken += [vp.Gesprek(dossier=dossier, datum=dossier.eerste_contact, gevoerd_door=eigenaar)
                       for _ in range(v["aantal_gesprekken"])]
    through.objects.bulk_create(onderwerpen, batch_size=BATCH)
    vp.DossierHulpvraag.objects.bulk_create(hulpvragen, batch_size=BATCH)
    vp.DossierVerwijzing.objects.bulk_create(verwijzingen, batch_size=BATCH)
    vp.DossierVervolg.objects.bulk_create(vervolgen, batch_size=BATCH)
    vp.Gesprek.objects.bulk_create(gesprekken, batch_size=BATCH)
    ImportRegel.objects.bulk_create(
        [ImportRegel(run=run, organisatie=organisatie, register=VERTROUWENSPERSONEN, eigenaar=eigenaar,
                     kenmerk=r.waarden["kenmerk"] or "",
                     vingerafdruk=r.vingerafdruk, object_id=d.pk, rij=r.nummer)
         for d, r in zip(dossiers, rijen, strict=True)], batch_size=BATCH)


__all__ = ["Fout", "ImportWeigering", "Ongeldig", "Opzoek", "Resultaat", "controleer_rechten", "importeer", "valideer"]
