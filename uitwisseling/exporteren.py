"""Export of a register (or one year of it) in exactly the import columns: CSV for Excel, or XLSX.

Records come through the registers' own visibility selectors, so an export never holds more than the user sees.
No free text and no identities are written: only the structured, non-identifying columns of columns.py.
A melding's betrokkenen share one row: the bevinding written is the most frequent one, the gevolg the union of
their measures (the file format has one bevinding and gevolg per melding, as the jaarverslag's appendix does).
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from accounts.audit import audit
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
    return filters


def meldingen_voor_export(*, gebruiker: User | None, organisatie: Organisatie, jaar: int | None = None,
                          filters: dict | None = None) -> QuerySet:
    """`gebruiker=None` is the operator on the command line: the whole register of the organisation."""
    qs = (Melding.objects.filter(organisatie=organisatie) if gebruiker is None
          else meldingen_visible_to(gebruiker, organisatie))
    if jaar:
        qs = qs.filter(ontvangen_op__year=jaar)
    if filters:
        qs = qs.filter(**filters)
    return (
        qs.select_related("onderwerp", "onderdeel")
        .annotate(heeft_onderzoek=Exists(Feitenonderzoek.objects.filter(melding=OuterRef("pk"))),
                  heeft_traject=Exists(InternTraject.objects.filter(melding=OuterRef("pk"))))
        .prefetch_related(Prefetch(
            "betrokkenen", queryset=Betrokkene.objects.select_related("bevinding").prefetch_related(
                Prefetch("maatregelen", queryset=Maatregel.objects.select_related("soort")))))
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
    if "onderwerp" in filters:
        qs = qs.filter(pk__in=vp.Dossier.onderwerpen.through.objects.filter(categorie=filters.pop("onderwerp"))
                       .values("dossier_id"))
    if filters:
        qs = qs.filter(**filters)
    return (
        qs.select_related("onderdeel")
        .prefetch_related("onderwerpen", "hulpvragen", "verwijzingen", "vervolgen")
        .annotate(n_gesprekken=Count("gesprekken"))
        .order_by("eerste_contact", "pk")
    )


def _parents(organisatie: Organisatie) -> dict[int, Categorie]:
    return {c.pk: c for c in Categorie.objects.filter(organisatie=organisatie, subcategorieen__isnull=False).distinct()}


def _per_blok(records: Iterable) -> Iterable:
    """Querysets are read in blocks, each with its own prefetch: no IN list grows with the size of the register."""
    if isinstance(records, QuerySet):
        return records.iterator(chunk_size=2000)
    return records


def melding_rijen(meldingen: Iterable[Melding], organisatie: Organisatie) -> Iterator[dict]:
    parents = _parents(organisatie)
    for m in _per_blok(meldingen):
        betrokkenen = list(m.betrokkenen.all())
        bevindingen = Counter(b.bevinding for b in betrokkenen if b.bevinding_id)
        bevinding = min(bevindingen, key=lambda c: (-bevindingen[c], c.volgorde, c.label)) if bevindingen else None
        gevolgen = {mt.soort for b in betrokkenen for mt in b.maatregelen.all()}
        yield {
            "kenmerk": m.kenmerk,
            "datum_ontvangst": m.ontvangen_op,
            "onderwerp": categorie_naam(m.onderwerp, parents),
            "bron": m.bron,
            "kanaal": m.kanaal,
            "spoor": m.spoor,
            "organisatieonderdeel": m.onderdeel.naam if m.onderdeel_id else "",
            "feitenonderzoek": m.heeft_onderzoek,
            "intern_traject": m.heeft_traject,
            "bevinding": categorie_naam(bevinding, parents) if bevinding else "",
            "gevolg": [categorie_naam(c, parents) for c in sorted(gevolgen, key=lambda c: (c.volgorde, c.label))],
            "status": m.status,
            "datum_afgehandeld": m.afgehandeld_op,
            "aangifte": m.aangifte,
            "aantal_betrokkenen": len(betrokkenen),
        }


def dossier_rijen(dossiers: Iterable[vp.Dossier], organisatie: Organisatie) -> Iterator[dict]:
    parents = _parents(organisatie)
    # Imported dossiers keep the kenmerk they came with. (All imported VP kenmerken of the organisation in one
    # query: no bound-parameter list that grows with the export.)
    kenmerken = dict(
        ImportRegel.objects.filter(organisatie=organisatie, register=VERTROUWENSPERSONEN)
        .exclude(kenmerk="").values_list("object_id", "kenmerk")
    )
    for d in _per_blok(dossiers):
        yield {
            "kenmerk": kenmerken.get(d.pk, d.kenmerk),
            "datum_eerste_contact": d.eerste_contact,
            "soort_contact": d.soort_contact,
            "onderwerpen": [categorie_naam(c, parents)
                            for c in sorted(d.onderwerpen.all(), key=lambda c: (c.volgorde, c.label))],
            "organisatieonderdeel": d.onderdeel.naam,
            "geslacht": d.geslacht,
            "relatie_veroorzaker": d.relatie_veroorzaker,
            "soort_hulpvraag": sorted(h.waarde for h in d.hulpvragen.all()),
            "verwezen_naar": sorted(h.waarde for h in d.verwijzingen.all()),
            "vervolg": sorted(h.waarde for h in d.vervolgen.all()),
            "resultaat": d.resultaat,
            "verzuim_bij_aanmelding": "" if d.verzuim == vp.Verzuim.ONBEKEND else d.verzuim,
            "aantal_gesprekken": d.n_gesprekken,
            "datum_afgesloten": d.afgesloten_op,
        }


def _veilig(value):
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
            cells.append(_veilig(kolom.formatteer(value)))
    return cells


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
        records = list(melding_rijen(
            meldingen_voor_export(gebruiker=gebruiker, organisatie=organisatie, jaar=jaar, filters=filters),
            organisatie))
    elif register == VERTROUWENSPERSONEN:
        records = list(dossier_rijen(
            dossiers_voor_export(gebruiker=gebruiker, organisatie=organisatie, jaar=jaar, eigenaar=eigenaar,
                                 filters=filters),
            organisatie))
    else:
        raise ValueError(f"Unknown register {register!r}")
    data = schrijf_csv(register, records) if formaat == "csv" else schrijf_xlsx(register, records)
    audit("export_uitgevoerd", gebruiker=gebruiker, organisatie=organisatie, request=request,
          objecttype="uitwisseling.export",
          details={"register": register, "formaat": formaat, "jaar": jaar, "rijen": len(records), "bron": bron,
                   **operator_details(bron),
                   "eigenaar_id": getattr(eigenaar, "pk", None),
                   **({"filters": sorted(filters)} if filters else {})})
    return data, len(records)
