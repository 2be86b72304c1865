"""Reading an uploaded file into a header and rows, whatever Excel made of it.

CSV: UTF-8 with or without BOM; comma or semicolon, detected from the header line. XLSX: the first sheet,
read-only, values only (formulas give their cached result). Rows are numbered as the spreadsheet shows them
(the header is row 1), so an error report points at the line the user sees. Entirely empty rows are skipped.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from uitwisseling.matching import normaliseer

XLSX_MAGIC = b"PK\x03\x04"
# A 10 MB XLSX can unpack to far more; these bounds keep a hostile or broken sheet from exhausting memory.
MAX_RIJEN = 200_000
MAX_KOLOMMEN = 60


class Bestandsfout(ValueError):
    """The file as a whole cannot be read (not the fault of one cell)."""


@dataclass
class Tabel:
    kop: list[str]                      # normalised column names, "" for an empty header cell
    kop_origineel: list[str]
    rijen: list[tuple[int, list]]       # (row number in the sheet, cells)
    formaat: str                        # "csv" or "xlsx"
    scheidingsteken: str = ""


def kolomnaam(text) -> str:
    """Header names are case- and accent-insensitive; spaces and dashes count as underscores."""
    return normaliseer(text).replace(" ", "_").replace("-", "_")


def _leeg(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def detecteer_scheidingsteken(kopregel: str) -> str:
    """The separator that occurs more often outside quotes in the header line; comma when neither does."""
    counts = {";": 0, ",": 0}
    in_quotes = False
    for ch in kopregel:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def lees_csv(data: bytes) -> Tabel:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Bestandsfout(_(
            "Het bestand is geen UTF-8-tekst. Sla het in Excel op als ‘CSV UTF-8 (door komma's gescheiden)’ "
            "of lever een XLSX-bestand aan."
        )) from exc
    if "\x00" in text:
        raise Bestandsfout(_("Het bestand bevat binaire gegevens en is geen CSV-bestand."))
    first_line = text.split("\n", 1)[0]
    sep = detecteer_scheidingsteken(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"')
    try:
        rows = []
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_RIJEN:
                raise Bestandsfout(_("Het bestand heeft meer dan %(n)s rijen. Splits het, bijvoorbeeld per jaar.")
                                   % {"n": MAX_RIJEN})
    except csv.Error as exc:
        raise Bestandsfout(_("Het CSV-bestand is niet goed opgebouwd: %(fout)s.") % {"fout": exc}) from exc
    return _tabel(rows, formaat="csv", scheidingsteken=sep)


def _cell_value(value):
    # openpyxl hands back datetime for date cells; a date without time is what the register means.
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date()
    return value


def lees_xlsx(data: bytes) -> Tabel:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise Bestandsfout(_("Het XLSX-bestand kan niet worden gelezen. Is het een geldig Excel-bestand?")) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise Bestandsfout(_("Het XLSX-bestand bevat geen werkblad."))
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_KOLOMMEN):
            rows.append([_cell_value(v) for v in row])
            if len(rows) > MAX_RIJEN:
                raise Bestandsfout(_("Het bestand heeft meer dan %(n)s rijen. Splits het, bijvoorbeeld per jaar.")
                                   % {"n": MAX_RIJEN})
    finally:
        workbook.close()
    return _tabel(rows, formaat="xlsx")


def _tabel(rows: list[list], *, formaat: str, scheidingsteken: str = "") -> Tabel:
    numbered = [(index, list(row)) for index, row in enumerate(rows, start=1)]
    numbered = [(n, row) for n, row in numbered if not all(_leeg(c) for c in row)]
    if not numbered:
        raise Bestandsfout(_("Het bestand is leeg: er is geen kopregel met kolomnamen gevonden."))
    # Leading empty lines are harmless; the numbering stays the sheet's.
    _header_number, header = numbered[0]
    kop_origineel = ["" if c is None else str(c).strip() for c in header]
    # Trailing empty header cells (Excel often keeps formatted empty columns) are dropped.
    while kop_origineel and not kop_origineel[-1]:
        kop_origineel.pop()
    kop = [kolomnaam(c) for c in kop_origineel]
    return Tabel(kop=kop, kop_origineel=kop_origineel, rijen=numbered[1:], formaat=formaat,
                 scheidingsteken=scheidingsteken)


def lees_bestand(data: bytes, bestandsnaam: str = "") -> Tabel:
    """XLSX is recognised by its content (a zip), not by the name; anything else is read as CSV."""
    if data.startswith(XLSX_MAGIC):
        return lees_xlsx(data)
    if bestandsnaam.lower().endswith((".xlsx", ".xlsm")):
        raise Bestandsfout(_("Het bestand heeft de extensie .xlsx maar is geen Excel-bestand."))
    if bestandsnaam.lower().endswith(".xls"):
        raise Bestandsfout(_("Het oude Excel-formaat (.xls) wordt niet ondersteund. Sla het op als .xlsx of CSV."))
    return lees_csv(data)


def rijen_als_dicts(tabel: Tabel) -> Iterator[tuple[int, dict]]:
    """Each data row as {column name: cell}; cells beyond the header are kept under '' so they are not lost."""
    width = len(tabel.kop)
    for number, row in tabel.rijen:
        cells = {naam: (row[i] if i < len(row) else None) for i, naam in enumerate(tabel.kop)}
        extra = [c for c in row[width:] if not _leeg(c)]
        if extra:
            cells["__extra__"] = extra
        yield number, cells
