"""Figures of the meldingenregister integriteit en ongewenst gedrag for one organisation and year.

A melding belongs to the year of its local date of receipt. Bevindingen and maatregelen are counted per
betrokkene (person) of the meldingen of the year, as the documents do ("aan 14 medewerkers is …").
"""

import datetime
import statistics
from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from meldingen.models import (
    Betrokkene,
    Bron,
    Feitenonderzoek,
    InternTraject,
    Kanaal,
    Maatregel,
    Melding,
    Spoor,
    Termijn,
    TermijnSoort,
)
from meldingen.termijnen import add_months
from meldingen.workflow import open_aan_einde_van
from reports.figures.common import (
    NIET_VASTGELEGD,
    categorie_label,
    count_categories,
    count_choices,
    jaar_range,
    procent,
    taxonomie_volgorde,
)
from reports.figures.suppression import SAMENGEVOEGD_ONDERWERP, merge_small
from taxonomie.models import Categorie, Soort

CAT_FIELDS = ("label", "parent__label", "volgorde", "parent__volgorde")
GEEN_BEVINDING = "Nog geen bevinding vastgelegd"
GEEN_GEVOLG = "Geen maatregel vastgelegd"


def meldingen_in_jaar(organisatie, jaar: int):
    return Melding.objects.filter(organisatie=organisatie, ontvangen_op__range=jaar_range(jaar))


def wbk_termijnen(meldingen, vandaag: datetime.date) -> dict[str, dict]:
    """Per Wbk deadline: how many were met on time, late, not registered, still running; the share on time.

    The share is taken only over deadlines whose outcome is known (a date met is registered): a deadline that
    passed without a registered date is "niet geregistreerd" (imported history rarely has the dates), never
    "te laat"; one still running is not judged yet. `n` is the base of the percentage, which is None when it is 0.
    A melding without a deadline of that kind (its spoor has no Wbk terms, or it was closed on import) is absent.
    """
    rows = (
        Termijn.objects.filter(melding__in=meldingen).order_by().values_list("soort")
        .annotate(op_tijd=Count("pk", filter=Q(voldaan_op__isnull=False, voldaan_op__lte=F("uiterlijk_op"))),
                  te_laat=Count("pk", filter=Q(voldaan_op__gt=F("uiterlijk_op"))),
                  niet_geregistreerd=Count("pk", filter=Q(voldaan_op__isnull=True, uiterlijk_op__lt=vandaag)),
                  lopend=Count("pk", filter=Q(voldaan_op__isnull=True, uiterlijk_op__gte=vandaag)))
    )
    by_soort = {soort: counts for soort, *counts in rows}
    result = {}
    for soort in TermijnSoort.values:
        op_tijd, te_laat, niet_geregistreerd, lopend = by_soort.get(soort, (0, 0, 0, 0))
        n = op_tijd + te_laat
        result[soort] = {"procent": procent(op_tijd, n), "n": n, "op_tijd": op_tijd, "te_laat": te_laat,
                         "niet_geregistreerd": niet_geregistreerd, "lopend": lopend}
    return result


# Age of a melding still open on 31 December, counted from its date of receipt (docs/jaarverslag.md).
LEEFTIJD_KORT = "minder dan 3 maanden"
LEEFTIJD_MIDDEL = "3 tot 12 maanden"
LEEFTIJD_LANG = "meer dan 1 jaar"


def open_caseload(organisatie, jaar: int) -> dict:
    """Everything open at the end of 31 December, whatever the year of receipt, with its age and how many of
    those were past a Wbk deadline then (a deadline on or before that day not met by then)."""
    van, tot = jaar_range(jaar)
    drie_maanden, twaalf_maanden = add_months(tot, -3), add_months(tot, -12)
    voorbij = Exists(Termijn.objects.filter(melding=OuterRef("pk"), uiterlijk_op__lte=tot)
                     .filter(Q(voldaan_op__isnull=True) | Q(voldaan_op__gt=tot)))
    totals = (
        open_aan_einde_van(Melding.objects.filter(organisatie=organisatie), tot)
        .aggregate(totaal=Count("pk"), van_dit_jaar=Count("pk", filter=Q(ontvangen_op__gte=van)),
                   kort=Count("pk", filter=Q(ontvangen_op__gt=drie_maanden)),
                   middel=Count("pk", filter=Q(ontvangen_op__lte=drie_maanden, ontvangen_op__gte=twaalf_maanden)),
                   lang=Count("pk", filter=Q(ontvangen_op__lt=twaalf_maanden)),
                   voorbij=Count("pk", filter=voorbij))
    )
    return {
        "in_behandeling_op_31_december": totals["totaal"],
        "van_dit_jaar_in_behandeling_op_31_december": totals["van_dit_jaar"],
        "in_behandeling_op_31_december_naar_leeftijd": {
            LEEFTIJD_KORT: totals["kort"], LEEFTIJD_MIDDEL: totals["middel"], LEEFTIJD_LANG: totals["lang"],
        },
        "in_behandeling_op_31_december_voorbij_wbk_termijn": totals["voorbij"],
    }


def kerncijfers(organisatie, jaar: int, *, vandaag: datetime.date | None = None) -> dict:
    vandaag = vandaag or timezone.localdate()
    meldingen = meldingen_in_jaar(organisatie, jaar)
    onderwerp_rows = meldingen.order_by().values_list(*(f"onderwerp__{f}" for f in CAT_FIELDS)).annotate(n=Count("pk"))
    geldige = Categorie.objects.van(organisatie, Soort.INTEGRITEIT_ONDERWERP).geldig_in_jaar(jaar).values_list(*CAT_FIELDS)
    per_onderwerp = count_categories(onderwerp_rows, [(*g, 0) for g in geldige])
    totals = meldingen.aggregate(aantal=Count("pk"), aangiften=Count("pk", filter=Q(aangifte=True)))
    doorlooptijden = [
        (afgehandeld - ontvangen).days
        for ontvangen, afgehandeld in meldingen.filter(afgehandeld_op__isnull=False).values_list("ontvangen_op", "afgehandeld_op")
    ]
    aantal = totals["aantal"]
    return {
        "aantal_meldingen": aantal,
        "per_onderwerp": per_onderwerp,
        "per_onderwerp_procent": {k: procent(v, aantal) for k, v in per_onderwerp.items()},
        "per_bron": count_choices(meldingen, "bron", Bron),
        "per_kanaal": count_choices(meldingen, "kanaal", Kanaal),
        "per_spoor": count_choices(meldingen, "spoor", Spoor),
        "feitenonderzoeken": Feitenonderzoek.objects.filter(
            melding__organisatie=organisatie, startdatum__range=jaar_range(jaar)
        ).count(),
        "interne_trajecten": InternTraject.objects.filter(
            melding__organisatie=organisatie, startdatum__range=jaar_range(jaar)
        ).count(),
        **open_caseload(organisatie, jaar),
        "aangiften": totals["aangiften"],
        "wbk_termijnen": wbk_termijnen(meldingen, vandaag),
        "doorlooptijd_mediaan_dagen": statistics.median(doorlooptijden) if doorlooptijden else None,
        "aantal_afgehandeld": len(doorlooptijden),
    }


def integriteit_figures(organisatie, jaar: int, *, minimum: int, vandaag=None,
                        met_bijlage: bool = True) -> tuple[dict, list[dict]]:
    figures = kerncijfers(organisatie, jaar, vandaag=vandaag)
    onderdrukt: list[dict] = []
    meldingen = meldingen_in_jaar(organisatie, jaar)

    per_unit_raw = dict(
        meldingen.order_by().values_list("onderdeel__naam").annotate(n=Count("pk")).values_list("onderdeel__naam", "n")
    )
    per_unit_raw = {(k or NIET_VASTGELEGD): v for k, v in sorted(per_unit_raw.items(), key=lambda kv: kv[0] or "~")}
    figures["per_organisatieonderdeel"], _mapping, entries = merge_small(
        per_unit_raw, minimum=minimum, tabel="integriteit.per_organisatieonderdeel"
    )
    onderdrukt += entries

    betrokkenen = Betrokkene.objects.filter(melding__in=meldingen).order_by()
    bevinding_rows = betrokkenen.values_list(*(f"bevinding__{f}" for f in CAT_FIELDS)).annotate(n=Count("pk"))
    per_bevinding = count_categories([(*r[:4], r[4]) for r in bevinding_rows], [])
    figures["per_bevinding"] = {(GEEN_BEVINDING if k == "Niet vastgelegd" else k): v for k, v in per_bevinding.items()}
    maatregel_rows = (
        Maatregel.objects.filter(betrokkene__melding__in=meldingen).order_by()
        .values_list(*(f"soort__{f}" for f in CAT_FIELDS)).annotate(n=Count("betrokkene_id", distinct=True))
    )
    figures["maatregelen_per_persoon"] = count_categories(maatregel_rows, [])
    figures["aantal_betrokkenen"] = betrokkenen.count()
    figures["afgehandelde_meldingen_per_uitkomst"] = per_uitkomst(organisatie, jaar)
    if met_bijlage:
        figures["bijlage"], entries = bijlage(meldingen, minimum=minimum)
        onderdrukt += entries
    return figures, onderdrukt


def per_uitkomst(organisatie, jaar: int) -> dict[str, int]:
    """The year's meldingen closed by 31 December (not open at the end of that day, meldingen.workflow), each once,
    under its heaviest bevinding: the first among its betrokkenen's bevindingen in the taxonomy's order
    (common.taxonomie_volgorde; the preset puts "integriteitsschending vastgesteld" first). A melding without any
    recorded bevinding counts under GEEN_BEVINDING. Sums to the number of those meldingen. One query."""
    meldingen = meldingen_in_jaar(organisatie, jaar)
    gesloten = meldingen.exclude(pk__in=open_aan_einde_van(meldingen, jaar_range(jaar)[1]).values("pk"))
    rows = gesloten.order_by().values_list(
        "pk", *(f"betrokkenen__bevinding__{f}" for f in ("label", "parent__label", "volgorde", "parent__volgorde"))
    )
    zwaarste: dict[int, tuple] = {}
    for pk, label, parent, volgorde, parent_volgorde in rows:
        sort = taxonomie_volgorde(label, parent, volgorde, parent_volgorde)
        if pk not in zwaarste or sort < zwaarste[pk]:
            zwaarste[pk] = sort
    result: dict[str, int] = {}
    for sort in sorted(zwaarste.values()):
        key = GEEN_BEVINDING if sort[0] == 9999 else sort[3]
        result[key] = result.get(key, 0) + 1
    return result


SCHENDING = "integriteitsschending vastgesteld"


def bijlage(meldingen, *, minimum: int) -> tuple[list[dict], list[dict]]:
    """One anonymous row per melding, from a single query (one row per melding × betrokkene × maatregel).

    Never a kenmerk, date, unit or pseudonym. Rows are sorted by content, not by date of receipt, so their order
    cannot be matched against anything else. The appendix leaves the unit out, so the rows that share a row's
    topic are the crowd it hides in: a topic with fewer than `minimum` meldingen that year is shown as
    "Overig (samengevoegd)" here (its total stays in the topic table, which is shown as is).
    """
    rows = (
        meldingen.order_by("pk")
        .annotate(heeft_onderzoek=Exists(Feitenonderzoek.objects.filter(melding=OuterRef("pk"))))
        .values_list(
            "pk", "onderwerp_id", "onderwerp__label", "onderwerp__parent__label", "bron",
            "heeft_onderzoek", "betrokkenen__bevinding__label", "betrokkenen__bevinding__parent__label",
            "betrokkenen__maatregelen__soort__label", "betrokkenen__maatregelen__soort__parent__label",
        )
    )
    per_melding: dict[int, dict] = {}
    per_onderwerp: dict[int, int] = {}
    bron_labels = {v: str(label) for v, label in Bron.choices}
    for pk, onderwerp_id, label, parent, bron, onderzoek, bev, bev_parent, maat, maat_parent in rows:
        row = per_melding.get(pk)
        if row is None:
            row = per_melding[pk] = {
                "onderwerp_id": onderwerp_id,
                "onderwerp": categorie_label(label, parent),
                "bron": bron_labels.get(bron, bron),
                "feitenonderzoek": bool(onderzoek),
                "bevindingen": set(),
                "gevolgen": set(),
            }
            per_onderwerp[onderwerp_id] = per_onderwerp.get(onderwerp_id, 0) + 1
        if bev:
            row["bevindingen"].add(categorie_label(bev, bev_parent))
        if maat:
            row["gevolgen"].add(categorie_label(maat, maat_parent))
    result = []
    samengevoegd = 0
    for row in per_melding.values():
        onderwerp = row["onderwerp"]
        if minimum > 1 and per_onderwerp[row["onderwerp_id"]] < minimum:
            onderwerp = SAMENGEVOEGD_ONDERWERP
            samengevoegd += 1
        result.append({
            "onderwerp": onderwerp,
            "bron": row["bron"],
            "feitenonderzoek": row["feitenonderzoek"],
            "bevinding": "; ".join(sorted(row["bevindingen"])) or GEEN_BEVINDING,
            "gevolg": "; ".join(sorted(row["gevolgen"])) or GEEN_GEVOLG,
        })
    result.sort(key=lambda r: (r["onderwerp"] == SAMENGEVOEGD_ONDERWERP, r["onderwerp"], r["bron"],
                               r["feitenonderzoek"], r["bevinding"], r["gevolg"]))
    entries = []
    if samengevoegd:
        entries.append({
            "tabel": "integriteit.bijlage", "cel": f"{samengevoegd} rij(en): onderwerp",
            "reden": f"onderwerp komt minder dan {minimum} keer voor; de bijlage toont geen organisatieonderdeel, "
                     "dus het onderwerp is de groep waarin een regel opgaat",
            "maatregel": "samengevoegd tot ‘Overig (samengevoegd)’",
        })
    return result, entries


BIJLAGE_VELDEN = ("onderwerp", "bron", "feitenonderzoek", "bevinding", "gevolg")


def bijlage_gegroepeerd(rijen: list[dict]) -> list[dict]:
    """The appendix as a document shows it: identical rows once, with `aantal`, in the appendix's order.

    The rows carry no key, so identical rows say nothing apart; one row with a count reads better and keeps the
    PDF of a year with thousands of meldingen to a few pages (docs/performance.md). The figures (and the JSON)
    keep one row per melding; the counts add up to the number of meldingen.
    """
    aantallen = Counter(tuple(rij[veld] for veld in BIJLAGE_VELDEN) for rij in rijen)
    return [{**dict(zip(BIJLAGE_VELDEN, sleutel, strict=True)), "aantal": n} for sleutel, n in aantallen.items()]


__all__ = ["bijlage", "bijlage_gegroepeerd", "integriteit_figures", "kerncijfers", "merge_small"]
