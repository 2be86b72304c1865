"""Rendering one figures dict (plus the narrative) to HTML, PDF, DOCX, XLSX and JSON.

Every format walks the same list of parts (`document_parts`): narrative sections and the table sections of
reports/tables.py, in the order of the document.
"""

import io
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from reports import charts
from reports.models import NARRATIEF, Reikwijdte
from reports.samenvatting import samenvatting_zinnen
from reports.tables import Sectie, build_sections

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "table", "thead", "tbody",
                "tr", "th", "td"}
# The document's title per scope (reports.models.Reikwijdte), as on the cover: "Jaarverslag interne
# vertrouwenspersonen 2024". The documents are Dutch, whatever the author's language.
TITELS = {
    Reikwijdte.ALLES: "Jaarverslag integriteit en vertrouwenspersonen",
    Reikwijdte.VERTROUWENSPERSONEN: "Jaarverslag vertrouwenspersonen",
    Reikwijdte.VP_INTERN: "Jaarverslag interne vertrouwenspersonen",
    Reikwijdte.VP_EXTERN: "Jaarverslag externe vertrouwenspersonen",
    Reikwijdte.INTEGRITEIT: "Jaarverslag meldingen integriteit en ongewenst gedrag",
}


def titel(cijfers: dict) -> str:
    return TITELS[cijfers.get("reikwijdte", Reikwijdte.ALLES)]
CSS_PATH = Path(settings.BASE_DIR) / "static" / "css" / "jaarverslag.css"


def narratief_html(text: str) -> str:
    """Markdown (or plain text) to HTML, then sanitised: no links, images, scripts or attributes survive."""
    if not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"])
    # Headings written in the narrative sit below the section heading of the document.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, url_schemes=set(), link_rel=None)


def narratief_blokken(text: str) -> list[tuple[str, str]]:
    """The same narrative as plain blocks for DOCX: ("kop"|"lijst"|"alinea", text)."""
    blokken = []
    for alinea in re.split(r"\n\s*\n", text.strip()):
        for regel in alinea.splitlines() if re.match(r"^\s*([-*+]|\d+[.)])\s", alinea) else [alinea]:
            schoon = re.sub(r"[*_`]{1,3}", "", regel).strip()
            if not schoon:
                continue
            if re.match(r"^#{1,6}\s", schoon):
                blokken.append(("kop", schoon.lstrip("#").strip()))
            elif re.match(r"^([-*+]|\d+[.)])\s", schoon):
                blokken.append(("lijst", re.sub(r"^([-*+]|\d+[.)])\s+", "", schoon)))
            else:
                blokken.append(("alinea", " ".join(schoon.split())))
    return blokken


@dataclass
class Deel:
    sleutel: str
    titel: str
    tekst: str = ""
    sectie: Sectie | None = None
    # Generated sentences shown before the author's text (the samenvatting).
    zinnen: tuple[str, ...] = ()

    @property
    def html(self) -> str:
        return mark_safe(narratief_html(self.tekst))  # noqa: S308 - sanitised by nh3 above

    @property
    def blokken(self):
        return narratief_blokken(self.tekst)


def document_parts(jaarverslag, cijfers: dict) -> list[Deel]:
    secties = {s.sleutel: s for s in build_sections(cijfers)}
    tekst = {veld: getattr(jaarverslag, veld) for veld, _titel in NARRATIEF}
    titels = {veld: str(titel) for veld, titel in NARRATIEF}

    def verhaal(veld):
        if veld == "samenvatting":
            return Deel(veld, titels[veld], tekst=tekst[veld], zinnen=tuple(samenvatting_zinnen(cijfers)))
        return Deel(veld, titels[veld], tekst=tekst[veld])

    def tabellen(key):
        return Deel(key, secties[key].titel, sectie=secties[key])

    volgorde = ("voorwoord", "samenvatting", "kerncijfers", "ontwikkelingen", "vertrouwenspersonen", "preventie", "integriteit",
                "aanbevelingen", "opvolging", "bijlage")
    # A scoped report has the sections of its own register(s) only.
    return [verhaal(key) if key in tekst else tabellen(key) for key in volgorde if key in tekst or key in secties]


def status_regel(jaarverslag) -> str:
    if jaarverslag.is_vastgesteld:
        datum = formats.date_format(timezone.localtime(jaarverslag.vastgesteld_op), "j F Y")
        return f"Vastgesteld op {datum} – versie {jaarverslag.versie}"
    return f"CONCEPT – versie {jaarverslag.versie} – niet voor verspreiding"


def html_context(jaarverslag, cijfers: dict, *, for_pdf: bool) -> dict:
    parts = document_parts(jaarverslag, cijfers)
    grafieken = {}
    for part in parts:
        if part.sectie:
            for tabel in part.sectie.tabellen:
                if tabel.grafiek:
                    grafieken[tabel.sleutel] = charts.data_uri(charts.bar_chart(tabel.grafiek, titel=tabel.grafiek_titel or tabel.titel))
    return {
        "jaarverslag": jaarverslag,
        "cijfers": cijfers,
        "delen": parts,
        "grafieken": grafieken,
        "titel": titel(cijfers),
        "status_regel": status_regel(jaarverslag),
        "for_pdf": for_pdf,
        "css": CSS_PATH.read_text(encoding="utf-8") if for_pdf else "",
        "minimum": cijfers["minimum_celgrootte"],
    }


def render_html(jaarverslag, cijfers: dict) -> str:
    """The standalone document the PDF is made from (also what the preview page includes)."""
    return render_to_string("reports/document.html", html_context(jaarverslag, cijfers, for_pdf=True))


def _fetcher():
    """Only data: URIs (our inline charts) may be loaded: nothing over the network, nothing from disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, timeout=2)


def render_pdf(jaarverslag, cijfers: dict) -> bytes:
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):  # per-page and subsetting lines are noise
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML

    html = render_html(jaarverslag, cijfers)
    return HTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=_fetcher()).write_pdf()


def render_docx(jaarverslag, cijfers: dict) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = f"{titel(cijfers)} {cijfers['jaar']}"
    doc.core_properties.author = cijfers["organisatie"]
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(f"{titel(cijfers)} {cijfers['jaar']}", level=0)
    doc.add_paragraph(cijfers["organisatie"])
    doc.add_paragraph(status_regel(jaarverslag))
    doc.add_paragraph("Periode: 1 januari tot en met 31 december " + str(cijfers["jaar"]))
    doc.add_page_break()
    for part in document_parts(jaarverslag, cijfers):
        if part.sectie is None and not part.tekst.strip() and not part.zinnen:
            continue
        doc.add_heading(part.titel, level=1)
        for zin in part.zinnen:
            doc.add_paragraph(zin)
        for soort, tekst in part.blokken:
            if soort == "kop":
                doc.add_heading(tekst, level=3)
            elif soort == "lijst":
                doc.add_paragraph(tekst, style="List Bullet")
            else:
                doc.add_paragraph(tekst)
        if part.sectie:
            for tabel in part.sectie.tabellen:
                doc.add_heading(tabel.titel, level=2)
                if tabel.leeg:
                    doc.add_paragraph("Geen gegevens.")
                    continue
                t = doc.add_table(rows=1, cols=len(tabel.kolommen))
                t.style = "Light Grid Accent 1"
                for i, kop in enumerate(tabel.kolommen):
                    t.rows[0].cells[i].text = kop
                for rij in tabel.rijen:
                    cells = t.add_row().cells
                    for i, waarde in enumerate(rij):
                        cells[i].text = str(waarde)
                for noot in tabel.noten:
                    p = doc.add_paragraph(noot)
                    p.runs[0].italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:31]
    base, i = name, 2
    while name in used:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name)
    return name


def _xlsx_value(text):
    """Numbers as numbers (so a council clerk can sum them); everything else, like "< 5", stays text."""
    if not isinstance(text, str):
        return text
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+,\d+", text):
        return float(text.replace(",", "."))
    if re.fullmatch(r"\d+%", text):
        return int(text[:-1]) / 100
    return text


def render_xlsx(jaarverslag, cijfers: dict) -> bytes:
    """One sheet per table. Numbers that are whole numbers are written as numbers, so they can be summed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "Toelichting"
    info.append([f"{titel(cijfers)} {cijfers['jaar']}"])
    info["A1"].font = Font(bold=True, size=14)
    info.append([cijfers["organisatie"]])
    info.append([status_regel(jaarverslag)])
    info.append(["Schema", cijfers["schema"]])
    info.append([])
    info.append(["Samenvatting"])
    for zin in samenvatting_zinnen(cijfers):
        info.append([zin])
    used = {"Toelichting"}
    prefix = {"vertrouwenspersonen": "VP ", "integriteit": "Int ", "kerncijfers": "", "bijlage": ""}
    for sectie in build_sections(cijfers):
        for tabel in sectie.tabellen:
            naam = "Bijlage" if sectie.sleutel == "bijlage" else prefix[sectie.sleutel] + tabel.titel
            ws = wb.create_sheet(_sheet_name(naam, used))
            ws.append([tabel.titel])
            ws["A1"].font = Font(bold=True)
            ws.append(tabel.kolommen)
            for cell in ws[2]:
                cell.font = Font(bold=True)
            for rij in tabel.rijen:
                ws.append([_xlsx_value(v) for v in rij])
                for cell in ws[ws.max_row]:
                    if isinstance(cell.value, float) and isinstance(rij[cell.column - 1], str) and rij[cell.column - 1].endswith("%"):
                        cell.number_format = "0%"
            for noot in tabel.noten:
                ws.append([])
                ws.append([noot])
            ws.column_dimensions["A"].width = 55
            for col in "BCDEF":
                ws.column_dimensions[col].width = 22
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Only for the author's screen: it names the small cells that were hidden, which is what suppression hides.
NIET_IN_JSON = ("onderdrukt",)


def render_json(cijfers: dict) -> bytes:
    """The figures as downloaded by report readers: without the list of suppressed cells (see NIET_IN_JSON)."""
    publiek = {sleutel: waarde for sleutel, waarde in cijfers.items() if sleutel not in NIET_IN_JSON}
    return (json.dumps(publiek, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


RENDERERS = {
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "json": lambda jaarverslag, cijfers: render_json(cijfers),
}

__all__ = ["RENDERERS", "capfirst", "render_docx", "render_html", "render_json", "render_pdf", "render_xlsx"]
