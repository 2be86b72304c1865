"""Export of a register (or one year of it) in exactly the import columns: CSV for Excel, or XLSX.

Records come through the registers' own visibility selectors, so an export never holds more than the user sees.
No free text and no identities are written: only the structured, non-identifying columns of columns.py.
A melding's betrokkenen share one row: the bevinding written is the most frequent one, the gevolg the union of
their measures (the file format has one bevinding and gevolg per melding, as the jaarverslag's appendix does).
"""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, Exists, OuterRef, QuerySet

from accounts.audit import audit
from accounts.kenmerken import KENMERK_MAX, zoek_kenmerk
from accounts.models import Organisatie, Organisatieonderdeel, User
from meldingen.models import Betrokkene, Bron, Feitenonderzoek, InternTraject, Maatregel, Melding, Spoor, Status
from meldingen.selectors import meldingen_visible_to
from taxonomie.models import Categorie, categorie_naam
from uitwisseling.columns import KOLOMMEN, MELDINGEN, VERTROUWENSPERSONEN, kolomnamen
from uitwisseling.importeren import operator_details
from uitwisseling.models import ImportRegel
from vertrouwenspersonen import models as vp
from vertrouwenspersonen.selectors import dossiers_visible_to

FORMATEN = ("csv", "xlsx")
# A cell starting with one of these is a formula to Excel; a leading apostrophe makes it text (and the importer
# ignores that apostrophe).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# List filters, with the query parameter names of the registers' own list pages, so "export this filtered list"
# is a link with the same query string.
FILTERS = {
    MELDINGEN: {"status": Status, "bron": Bron, "spoor": Spoor, "onderwerp": None, "onderdeel": None},
    VERTROUWENSPERSONEN: {"status": vp.Status, "soort_contact": vp.SoortContact, "onderwerp": None, "onderdeel": None},
}


def lees_filters(register: str, params, organisatie: Organisatie) -> dict:
    """Known, valid filter values from `params`; anything else is ignored (a filter never widens visibility)."""
    filters = {}
    for naam, keuzes in FILTERS[register].items():
        value = (params.get(naam) or "").strip()
        if not value:
            continue
        if keuzes is not None:
            if value in keuzes.values:
                filters[naam] = value
        elif value.isdigit():
            if naam == "onderdeel":
                found = Organisatieonderdeel.objects.filter(organisatie=organisatie, pk=int(value)).first()
            else:
                found = Categorie.objects.filter(organisatie=organisatie, pk=int(value)).first()
            if found is not None:
                filters[naam] = found
    kenmerk = (params.get("kenmerk") or "").strip()
    if 0 < len(kenmerk) <= KENMERK_MAX:  # the list's kenmerk search (accounts/kenmerken.py), the same rule
        filters["kenmerk"] = kenmerk
    return filters


def meldingen_voor_export(*, gebruiker: User | None, organisatie: Organisatie, jaar: int | None = None,
                          filters: dict | None = None) -> QuerySet:
    """`gebruiker=None` is the operator on the command line: the whole register of the organisation."""
    qs = (Melding.objects.filter(organisatie=organisatie) if gebruiker is None
          else meldingen_visible_to(gebruiker, organisatie))
    if jaar:
        qs = qs.filter(ontvangen_op__year=jaar)
    filters = dict(filters or {})
    qs = zoek_kenmerk(qs, filters.pop("kenmerk", ""))
    if filters:
        qs = qs.filter(**filters)
    return (
        qs.annotate(heeft_onderzoek=Exists(Feitenonderzoek.objects.filter(melding=OuterRef("pk"))),
                    heeft_traject=Exists(InternTraject.objects.filter(melding=OuterRef("pk"))))
        .order_by("ontvangen_op", "jaar", "volgnummer")
    )


def dossiers_voor_export(*, gebruiker: User | None, organisatie: Organisatie, jaar: int | None = None,
                         eigenaar: User | None = None, filters: dict | None = None) -> QuerySet:
    """A VP exports the dossiers they own among those they see (not ones shared with them for cover)."""
    if gebruiker is None:
        qs = vp.Dossier.objects.filter(organisatie=organisatie)
        if eigenaar is not None:
            qs = qs.filter(eigenaar=eigenaar)
    else:
        qs = dossiers_visible_to(gebruiker, organisatie).filter(eigenaar=gebruiker)
    if jaar:
        qs = qs.filter(eerste_contact__year=jaar)
    filters = dict(filters or {})
    qs = zoek_kenmerk(qs, filters.pop("kenmerk", ""))
    if "onderwerp" in filters:
        qs = qs.filter(pk__in=vp.Dossier.onderwerpen.through.objects.filter(categorie=filters.pop("onderwerp"))
                       .values("dossier_id"))
    if filters:
        qs = qs.filter(**filters)
    return qs.order_by("eerste_contact", "pk")


BLOK = 2000


def _blokken(qs: QuerySet, velden: tuple[str, ...]) -> Iterator[list[dict]]:
    """The rows in blocks of plain values: no model instances, no free text decrypted, and no IN list or memory
    that grows with the size of the register (each block's related rows are read with the block)."""
    blok: list[dict] = []
    for rij in qs.values(*velden).iterator(chunk_size=BLOK):
        blok.append(rij)
        if len(blok) == BLOK:
            yield blok
            blok = []
    if blok:
        yield blok


class _Categorieen:
    """The organisation's categories, once: names as files write them, and their order."""

    def __init__(self, organisatie: Organisatie):
        self.alle = {c.pk: c for c in Categorie.objects.filter(organisatie=organisatie)}

    def naam(self, pk: int | None) -> str:
        return categorie_naam(self.alle[pk], self.alle) if pk else ""

    def volgorde(self, pk: int) -> tuple:
        c = self.alle[pk]
        return (c.volgorde, c.label)


MELDING_VELDEN = ("pk", "kenmerk", "ontvangen_op", "onderwerp_id", "bron", "kanaal", "spoor", "onderdeel__naam",
                  "heeft_onderzoek", "heeft_traject", "status", "afgehandeld_op", "aangifte")


def melding_rijen(meldingen: QuerySet, organisatie: Organisatie) -> Iterator[dict]:
    cats = _Categorieen(organisatie)
    for blok in _blokken(meldingen, MELDING_VELDEN):
        ids = [m["pk"] for m in blok]
        aantal: Counter = Counter()
        bevindingen: dict[int, Counter] = defaultdict(Counter)
        for melding_id, bevinding_id in Betrokkene.objects.filter(melding_id__in=ids).values_list(
                "melding_id", "bevinding_id"):
            aantal[melding_id] += 1
            if bevinding_id:
                bevindingen[melding_id][bevinding_id] += 1
        gevolgen: dict[int, set] = defaultdict(set)
        for melding_id, soort_id in Maatregel.objects.filter(betrokkene__melding_id__in=ids).values_list(
                "betrokkene__melding_id", "soort_id"):
            gevolgen[melding_id].add(soort_id)
        for m in blok:
            # One row per melding: the most common bevinding of its betrokkenen, the union of their measures.
            tellen = bevindingen[m["pk"]]
            bevinding = min(tellen, key=lambda pk, t=tellen: (-t[pk], *cats.volgorde(pk))) if tellen else None
            yield {
                "kenmerk": m["kenmerk"],
                "datum_ontvangst": m["ontvangen_op"],
                "onderwerp": cats.naam(m["onderwerp_id"]),
                "bron": m["bron"],
                "kanaal": m["kanaal"],
                "spoor": m["spoor"],
                "organisatieonderdeel": m["onderdeel__naam"] or "",
                "feitenonderzoek": m["heeft_onderzoek"],
                "intern_traject": m["heeft_traject"],
                "bevinding": cats.naam(bevinding),
                "gevolg": [cats.naam(pk) for pk in sorted(gevolgen[m["pk"]], key=cats.volgorde)],
                "status": m["status"],
                "datum_afgehandeld": m["afgehandeld_op"],
                "aangifte": m["aangifte"],
                "aantal_betrokkenen": aantal[m["pk"]],
            }


DOSSIER_VELDEN = ("pk", "kenmerk", "eerste_contact", "soort_contact", "onderdeel__naam", "geslacht", "relatie_veroorzaker",
                  "resultaat", "verzuim", "afgesloten_op")


def _per_dossier(model, ids: list[int], veld: str) -> dict[int, list]:
    uitkomst: dict[int, list] = defaultdict(list)
    for dossier_id, waarde in model.objects.filter(dossier_id__in=ids).values_list("dossier_id", veld):
        uitkomst[dossier_id].append(waarde)
    return uitkomst


def dossier_rijen(dossiers: QuerySet, organisatie: Organisatie) -> Iterator[dict]:
    cats = _Categorieen(organisatie)
    # Imported dossiers keep the kenmerk they came with. (All imported VP kenmerken of the organisation in one
    # query: no bound-parameter list that grows with the export.)
    kenmerken = dict(
        ImportRegel.objects.filter(organisatie=organisatie, register=VERTROUWENSPERSONEN)
        .exclude(kenmerk="").values_list("object_id", "kenmerk")
    )
    for blok in _blokken(dossiers, DOSSIER_VELDEN):
        ids = [d["pk"] for d in blok]
        onderwerpen = _per_dossier(vp.Dossier.onderwerpen.through, ids, "categorie_id")
        hulpvragen = _per_dossier(vp.DossierHulpvraag, ids, "waarde")
        verwijzingen = _per_dossier(vp.DossierVerwijzing, ids, "waarde")
        vervolgen = _per_dossier(vp.DossierVervolg, ids, "waarde")
        gesprekken = dict(vp.Gesprek.objects.filter(dossier_id__in=ids).order_by().values_list("dossier_id")
                          .annotate(n=Count("pk")).values_list("dossier_id", "n"))
        for d in blok:
            eerste = d["eerste_contact"]
            yield {
                "kenmerk": kenmerken.get(d["pk"], d["kenmerk"]),
                "datum_eerste_contact": eerste,
                "soort_contact": d["soort_contact"],
                "onderwerpen": [cats.naam(pk) for pk in sorted(onderwerpen[d["pk"]], key=cats.volgorde)],
                "organisatieonderdeel": d["onderdeel__naam"] or "",
                "geslacht": d["geslacht"],
                "relatie_veroorzaker": d["relatie_veroorzaker"],
                "soort_hulpvraag": sorted(hulpvragen[d["pk"]]),
                "verwezen_naar": sorted(verwijzingen[d["pk"]]),
                "vervolg": sorted(vervolgen[d["pk"]]),
                "resultaat": d["resultaat"],
                "verzuim_bij_aanmelding": "" if d["verzuim"] == vp.Verzuim.ONBEKEND else d["verzuim"],
                "aantal_gesprekken": gesprekken.get(d["pk"], 0),
                "datum_afgesloten": d["afgesloten_op"],
            }


def veilige_cel(value):
    """A cell a spreadsheet shows as text, never runs as a formula (every CSV or XLSX the product writes)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cellen(register: str, record: dict, *, xlsx: bool) -> list:
    assert list(record) == kolomnamen(register), "export columns must be the import columns"
    cells = []
    for kolom in KOLOMMEN[register]:
        value = record[kolom.naam]
        if xlsx and kolom.soort == "datum" and value:
            cells.append(value)  # a real date cell in Excel
        else:
            cells.append(veilige_cel(kolom.formatteer(value)))
    return cells


class _Teller:
    def __init__(self, records: Iterable[dict]):
        self.records, self.aantal = records, 0

    def __iter__(self):
        for record in self.records:
            self.aantal += 1
            yield record


def schrijf_csv(register: str, records: Iterable[dict]) -> bytes:
    """Semicolon-separated with a UTF-8 BOM: what Dutch Excel opens correctly with a double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(kolomnamen(register))
    for record in records:
        writer.writerow(_cellen(register, record, xlsx=False))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def schrijf_xlsx(register: str, records: Iterable[dict]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=register[:31])
    sheet.append(kolomnamen(register))
    for record in records:
        row = _cellen(register, record, xlsx=True)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exporteer(
    *, organisatie: Organisatie, register: str, formaat: str, gebruiker: User | None, jaar: int | None = None,
    eigenaar: User | None = None, filters: dict | None = None, bron: str = "web", request=None,
) -> tuple[bytes, int]:
    """The file's bytes and its number of rows; audited (who, which register, format, year, how many rows)."""
    if formaat not in FORMATEN:
        raise ValueError(f"Unknown format {formaat!r}")
    if register == MELDINGEN:
        records = melding_rijen(
            meldingen_voor_export(gebruiker=gebruiker, organisatie=organisatie, jaar=jaar, filters=filters),
            organisatie)
    elif register == VERTROUWENSPERSONEN:
        records = dossier_rijen(
            dossiers_voor_export(gebruiker=gebruiker, organisatie=organisatie, jaar=jaar, eigenaar=eigenaar,
                                 filters=filters),
            organisatie)
    else:
        raise ValueError(f"Unknown register {register!r}")
    geteld = _Teller(records)  # rows stream from the blocks into the file; only the file itself grows
    data = schrijf_csv(register, geteld) if formaat == "csv" else schrijf_xlsx(register, geteld)
    audit("export_uitgevoerd", gebruiker=gebruiker, organisatie=organisatie, request=request,
          objecttype="uitwisseling.export",
          details={"register": register, "formaat": formaat, "jaar": jaar, "rijen": geteld.aantal, "bron": bron,
                   **operator_details(bron),
                   "eigenaar_id": getattr(eigenaar, "pk", None),
                   **({"filters": sorted(filters)} if filters else {})})
    return data, geteld.aantal
