"""Reading a file's rows: the header, each cell typed by its column, and the checks that span a row's cells."""

import hashlib
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from meldingen.models import Status, spoor_bij_onderwerp
from uitwisseling import parsing
from uitwisseling.columns import (
    ACTIVITEITEN,
    GESPREKKEN,
    KOLOMMEN,
    MELDINGEN,
    SIGNALEN,
    VERTROUWENSPERSONEN,
    Kolom,
    kolomnamen,
    lees_cel,
    tekst,
)
from uitwisseling.importeren.lijsten import Opzoek
from uitwisseling.importeren.resultaat import Resultaat
from uitwisseling.matching import Onbekend, normaliseer
from vertrouwenspersonen import models as vp


def is_leeg(cel) -> bool:
    return cel is None or (isinstance(cel, str) and not cel.strip())


def check_header(tabel: parsing.Tabel, register: str, resultaat: Resultaat) -> bool:
    known = kolomnamen(register)
    seen: dict[str, int] = {}
    for index, (naam, origineel) in enumerate(zip(tabel.kop, tabel.kop_origineel, strict=True), start=1):
        if not naam:
            if any(index - 1 < len(row) and not is_leeg(row[index - 1]) for _n, row in tabel.rijen):
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


def vingerafdruk(register: str, kolommen: tuple[Kolom, ...], cells: dict, counter: Counter) -> str:
    key = "\x1f".join(normaliseer(tekst(cells.get(k.naam))) for k in kolommen)
    counter[key] += 1
    return hashlib.sha256(f"{register}\x1e{key}\x1e{counter[key]}".encode()).hexdigest()


def lees_rij(kolommen: tuple[Kolom, ...], cells: dict, nummer: int, ctx: Opzoek, resultaat: Resultaat) -> dict | None:
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
        if is_leeg(cel):
            if kolom.verplicht:
                resultaat.fout(nummer, kolom.naam, "", _("Deze kolom is verplicht maar de cel is leeg."))
            values[kolom.naam] = list(kolom.standaard) if isinstance(kolom.standaard, list) else kolom.standaard
            values.setdefault("is_leeg", set()).add(kolom.naam)
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


def controleer_melding(values: dict, nummer: int, resultaat: Resultaat, ctx: Opzoek) -> bool:
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
        values["spoor"] = spoor_bij_onderwerp(values["onderwerp"], intern_traject=values["intern_traject"])
        values["_spoor_afgeleid"] = True
    return len(resultaat.fouten) == before


def controleer_dossier(values: dict, nummer: int, resultaat: Resultaat, ctx: Opzoek) -> bool:
    before = len(resultaat.fouten)
    if values["soort_contact"] == vp.SoortContact.MELDING and not values["onderwerpen"]:
        resultaat.fout(nummer, "onderwerpen", "", _("Bij een melding is ten minste één onderwerp verplicht."))
    afgesloten = values["datum_afgesloten"]
    if afgesloten and afgesloten < values["datum_eerste_contact"]:
        resultaat.fout(nummer, "datum_afgesloten", afgesloten.isoformat(),
                       _("Deze datum ligt vóór de datum van het eerste contact."))
    return len(resultaat.fouten) == before


def controleer_gesprek(values: dict, nummer: int, resultaat: Resultaat, ctx: Opzoek) -> bool:
    """The dossier must be the VP's own, not destroyed, and the gesprek not before its first contact."""
    dossier = ctx.eigen_dossier(values["dossier"])
    if dossier is None:
        resultaat.fout(nummer, "dossier", values["dossier"],
                       _("U heeft geen dossier met dit kenmerk. Importeer eerst de dossiers, of gebruik het kenmerk "
                         "dat Vertrouwd bij het dossier toont."))
        return False
    if dossier.vernietigd_op is not None:
        resultaat.fout(nummer, "dossier", values["dossier"], _("Dit dossier is al vernietigd."))
        return False
    if values["datum"] < dossier.eerste_contact:
        resultaat.fout(nummer, "datum", values["datum"].isoformat(),
                       _("Dit gesprek ligt vóór het eerste contact van het dossier (%(datum)s).")
                       % {"datum": dossier.eerste_contact.strftime("%d-%m-%Y")})
        return False
    values["_dossier"] = dossier
    return True


def alleen_cellen(values: dict, nummer: int, resultaat: Resultaat, ctx: Opzoek) -> bool:
    return True  # every rule of an activiteit or a signaal is one of its cells (columns.py)


CONTROLES = {
    MELDINGEN: controleer_melding,
    VERTROUWENSPERSONEN: controleer_dossier,
    GESPREKKEN: controleer_gesprek,
    ACTIVITEITEN: alleen_cellen,
    SIGNALEN: alleen_cellen,
}
