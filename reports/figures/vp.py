"""Figures of the VP-registratie for one organisation and year (DOMAIN.md, "The annual report", VP part).

Every function is a fixed number of GROUP BY queries, whatever the number of dossiers. A dossier belongs to
the year of its first contact (a local date). Breakdowns describe the meldingen (soort contact "melding");
informatieverzoeken and arbeidsconflicten are counted apart, as the documents do.
"""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from reports.figures.common import (
    NIET_VASTGELEGD,
    categorie_label,
    count_categories,
    count_choices,
    jaar_range,
    procent,
)
from reports.figures.suppression import merge_small, suppress_cross
from taxonomie.models import Aard, Categorie, Soort
from vertrouwenspersonen.models import (
    Activiteit,
    ActiviteitType,
    Dossier,
    DossierHulpvraag,
    DossierVervolg,
    DossierVerwijzing,
    Geslacht,
    Gesprek,
    Hulpvraag,
    RelatieVeroorzaker,
    Resultaat,
    Signaal,
    SoortContact,
    Vervolg,
    Verwijzing,
    Verzuim,
)

CAT_FIELDS = ("label", "parent__label", "volgorde", "parent__volgorde")


def _vp_type(vp_extern: bool | None, veld: str = "vp_extern") -> dict:
    """The filter of a report on one VP type (intern/extern, as recorded on the record); None: both."""
    return {} if vp_extern is None else {veld: vp_extern}


def dossiers_in_jaar(organisatie, jaar: int, vp_extern: bool | None = None):
    return Dossier.objects.filter(organisatie=organisatie, eerste_contact__range=jaar_range(jaar),
                                  **_vp_type(vp_extern))


def kerncijfers(organisatie, jaar: int, *, vp_extern: bool | None = None) -> dict:
    """The totals (also used for the previous years), of one VP type or (None) of both."""
    dossiers = dossiers_in_jaar(organisatie, jaar, vp_extern)
    per_soort = dict(dossiers.order_by().values_list("soort_contact").annotate(n=Count("pk")).values_list("soort_contact", "n"))
    meldingen = dossiers.filter(soort_contact=SoortContact.MELDING)
    onderwerp_rows = (
        Dossier.onderwerpen.through.objects.filter(dossier__in=meldingen).order_by()
        .values_list(*(f"categorie__{f}" for f in CAT_FIELDS)).annotate(n=Count("dossier_id", distinct=True))
    )
    geldige = Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).geldig_in_jaar(jaar).values_list(*CAT_FIELDS)
    per_onderwerp = count_categories(onderwerp_rows, [(*g, 0) for g in geldige])
    aantal = per_soort.get(SoortContact.MELDING, 0)
    activiteiten_rows = (
        Activiteit.objects.filter(organisatie=organisatie, datum__range=jaar_range(jaar), **_vp_type(vp_extern))
        .order_by()
        .values_list("soort").annotate(n=Count("pk"), uren=Sum("uren"))
    )
    act = {soort: (n, uren or Decimal(0)) for soort, n, uren in activiteiten_rows}
    activiteiten = {
        str(label): {"aantal": act.get(value, (0, 0))[0], "uren": float(act.get(value, (0, Decimal(0)))[1])}
        for value, label in ActiviteitType.choices
    }
    return {
        "aantal_meldingen": aantal,
        "aantal_informatieverzoeken": per_soort.get(SoortContact.INFORMATIEVERZOEK, 0),
        "aantal_arbeidsconflicten": per_soort.get(SoortContact.ARBEIDSCONFLICT, 0),
        "per_onderwerp": per_onderwerp,
        "per_onderwerp_procent": {k: procent(v, aantal) for k, v in per_onderwerp.items()},
        "aantal_gesprekken": Gesprek.objects.filter(
            dossier__organisatie=organisatie, datum__range=jaar_range(jaar), **_vp_type(vp_extern, "dossier__vp_extern")
        ).count(),
        "activiteiten": activiteiten,
        "activiteiten_totaal": {
            "aantal": sum(v["aantal"] for v in activiteiten.values()),
            "uren": float(sum((u for _n, u in act.values()), Decimal(0))),
        },
    }


def vp_figures(organisatie, jaar: int, *, minimum: int, vp_extern: bool | None = None) -> tuple[dict, list[dict]]:
    """All VP figures of the year (of one VP type, or of both), and what was suppressed."""
    figures = kerncijfers(organisatie, jaar, vp_extern=vp_extern)
    onderdrukt: list[dict] = []
    meldingen = dossiers_in_jaar(organisatie, jaar, vp_extern).filter(soort_contact=SoortContact.MELDING)

    # Per unit: by the unit the dossier points at, so a renamed (replaced) unit shows under that year's name.
    unit_gender = list(
        meldingen.order_by().values_list("onderdeel__naam", "geslacht").annotate(n=Count("pk"))
    )
    # A dossier without a unit (not recorded, or an organisation without units) counts as "niet vastgelegd".
    unit_gender = [(naam or NIET_VASTGELEGD, geslacht, n) for naam, geslacht, n in unit_gender]
    per_unit_raw: dict[str, int] = {}
    for naam, _g, n in unit_gender:
        per_unit_raw[naam] = per_unit_raw.get(naam, 0) + n
    per_unit, mapping, entries = merge_small(
        dict(sorted(per_unit_raw.items())), minimum=minimum, tabel="vertrouwenspersonen.per_organisatieonderdeel"
    )
    onderdrukt += entries
    figures["per_organisatieonderdeel"] = per_unit

    # A blank gender is the same as "not recorded": one column, not two.
    gender_labels = {v: str(label) for v, label in Geslacht.choices} | {"": str(Geslacht.ONBEKEND.label)}
    cross: dict[str, dict[str, int]] = {u: {label: 0 for label in gender_labels.values()} for u in per_unit}
    for naam, geslacht, n in unit_gender:
        label = gender_labels.get(geslacht, NIET_VASTGELEGD)
        row = cross[mapping[naam]]
        row[label] = row.get(label, 0) + n
    figures["geslacht_per_organisatieonderdeel"], entries = suppress_cross(
        cross, minimum=minimum, tabel="vertrouwenspersonen.geslacht_per_organisatieonderdeel"
    )
    onderdrukt += entries

    per_geslacht = count_choices(meldingen, "geslacht", Geslacht)
    blank = per_geslacht.pop(NIET_VASTGELEGD, 0)
    per_geslacht[str(Geslacht.ONBEKEND.label)] += blank
    figures["per_geslacht"] = per_geslacht
    figures["per_relatie_veroorzaker"] = count_choices(meldingen, "relatie_veroorzaker", RelatieVeroorzaker)
    figures["per_soort_hulpvraag"] = count_choices(
        DossierHulpvraag.objects.filter(dossier__in=meldingen), "waarde", Hulpvraag
    )
    figures["per_verwijzing"] = count_choices(
        DossierVerwijzing.objects.filter(dossier__in=meldingen), "waarde", Verwijzing
    )
    figures["per_vervolg"] = count_choices(DossierVervolg.objects.filter(dossier__in=meldingen), "waarde", Vervolg)
    figures["per_resultaat"] = count_choices(meldingen, "resultaat", Resultaat)
    figures["verzuim_bij_aanmelding"] = count_choices(meldingen, "verzuim", Verzuim)
    figures["per_aard"] = per_aard(meldingen)
    intern_extern = dict(meldingen.order_by().values_list("vp_extern").annotate(n=Count("pk")).values_list("vp_extern", "n"))
    figures["intern_extern"] = {"intern": intern_extern.get(False, 0), "extern": intern_extern.get(True, 0)}
    figures["aantal_signalen"] = Signaal.objects.filter(
        organisatie=organisatie, datum__range=jaar_range(jaar), **_vp_type(vp_extern)
    ).count()
    if vp_extern is None:
        figures["per_vp_type"] = per_vp_type(organisatie, jaar)
    return figures, onderdrukt


AARD_ONGEWENST = "ongewenst gedrag"
AARD_INTEGRITEIT = "integriteit"
AARD_BEIDE = "beide"
AARD_GEEN = "geen van beide"


def per_aard(meldingen) -> dict[str, int]:
    """Each melding once, by the aard of its topics (taxonomie.Aard): ongewenst gedrag, integriteit, or both when it
    has topics of each; "geen van beide" (only when it occurs) for a melding with neither kind of topic. One query.
    Sums to the number of meldingen."""
    onderwerpen = Dossier.onderwerpen.through.objects.filter(dossier=OuterRef("pk"))
    og = Exists(onderwerpen.filter(categorie__aard=Aard.ONGEWENST_GEDRAG))
    it = Exists(onderwerpen.filter(categorie__aard=Aard.INTEGRITEIT))
    totals = meldingen.aggregate(
        og=Count("pk", filter=Q(og) & ~Q(it)), it=Count("pk", filter=~Q(og) & Q(it)),
        beide=Count("pk", filter=Q(og) & Q(it)), geen=Count("pk", filter=~Q(og) & ~Q(it)),
    )
    result = {AARD_ONGEWENST: totals["og"], AARD_INTEGRITEIT: totals["it"], AARD_BEIDE: totals["beide"]}
    if totals["geen"]:
        result[AARD_GEEN] = totals["geen"]
    return result


def per_vp_type(organisatie, jaar: int) -> dict[str, dict]:
    """The key figures of `kerncijfers` split by VP type, in three GROUP BY queries; intern plus
    extern is the whole (tests/reports/test_reikwijdte.py checks it against kerncijfers of each type)."""
    contacten = dict(
        ((extern, soort), n) for extern, soort, n in dossiers_in_jaar(organisatie, jaar).order_by()
        .values_list("vp_extern", "soort_contact").annotate(n=Count("pk")).values_list("vp_extern", "soort_contact", "n")
    )
    gesprekken = dict(
        Gesprek.objects.filter(dossier__organisatie=organisatie, datum__range=jaar_range(jaar)).order_by()
        .values_list("dossier__vp_extern").annotate(n=Count("pk")).values_list("dossier__vp_extern", "n")
    )
    activiteiten = {
        extern: (n, uren or Decimal(0)) for extern, n, uren in
        Activiteit.objects.filter(organisatie=organisatie, datum__range=jaar_range(jaar)).order_by()
        .values_list("vp_extern").annotate(n=Count("pk"), uren=Sum("uren")).values_list("vp_extern", "n", "uren")
    }
    result = {}
    for soort, extern in (("intern", False), ("extern", True)):
        n, uren = activiteiten.get(extern, (0, Decimal(0)))
        result[soort] = {
            "aantal_meldingen": contacten.get((extern, SoortContact.MELDING), 0),
            "aantal_informatieverzoeken": contacten.get((extern, SoortContact.INFORMATIEVERZOEK), 0),
            "aantal_arbeidsconflicten": contacten.get((extern, SoortContact.ARBEIDSCONFLICT), 0),
            "aantal_gesprekken": gesprekken.get(extern, 0),
            "activiteiten_totaal": {"aantal": n, "uren": float(uren)},
        }
    return result


__all__ = ["categorie_label", "kerncijfers", "vp_figures"]
