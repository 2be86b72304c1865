"""The dry-run report: what would be created, counted per category, and remarks on what was filled in."""

from collections import Counter

from django.utils.translation import gettext as _

from meldingen.models import Bron, Kanaal, Spoor, Status
from taxonomie.models import categorie_naam
from uitwisseling.columns import ACTIVITEITEN, GESPREKKEN, MELDINGEN, SIGNALEN
from uitwisseling.importeren.lijsten import Opzoek
from uitwisseling.importeren.resultaat import Resultaat, Rij
from vertrouwenspersonen import models as vp


def _label(value, keuzes) -> str:
    """Dutch label of a TextChoices value (the summary is built under translation.override('nl'))."""
    labels = _LABEL_CACHE.get(keuzes)
    if labels is None:
        labels = _LABEL_CACHE[keuzes] = {v: str(label) for v, label in keuzes.choices}
    return labels.get(value, value or "niet ingevuld")


_LABEL_CACHE: dict[type, dict] = {}


def samenvatting(rijen: list[Rij], register: str, ctx: Opzoek) -> list[tuple[str, list[tuple[str, int]]]]:
    """What would be created, counted per register and category (the dry-run report)."""
    def telling(values) -> list[tuple[str, int]]:
        return sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0]))

    def naam(cat) -> str:
        return categorie_naam(cat, ctx.parents) if cat else "niet ingevuld"

    jaren = telling(str(next(v for k, v in r.waarden.items() if k == "datum" or k.startswith("datum_")).year)
                    for r in rijen)
    w = [r.waarden for r in rijen]
    if register == GESPREKKEN:
        met_duur = [v["duur_minuten"] for v in w if v["duur_minuten"]]
        return [
            (_("Gesprekken"), [(_("te importeren"), len(w)), (_("dossiers"), len({v["_dossier"].pk for v in w})),
                               (_("minuten (waar de duur is ingevuld)"), sum(met_duur)),
                               (_("zonder duur"), len(w) - len(met_duur))]),
            (_("Per jaar"), jaren),
            (_("Per vorm"), telling(_label(v["vorm"], vp.Gespreksvorm) if v["vorm"] else "niet vastgelegd" for v in w)),
        ]
    if register == ACTIVITEITEN:
        return [
            (_("Activiteiten"), [(_("te importeren"), len(w)), (_("uren"), f"{sum(v['uren'] for v in w):.1f}".replace(".", ",")),
                                 (_("deelnemers"), sum(v["deelnemers"] or 0 for v in w))]),
            (_("Per jaar"), jaren),
            (_("Per soort"), telling(_label(v["soort"], vp.ActiviteitType) for v in w)),
        ]
    if register == SIGNALEN:
        return [
            (_("Signalen en adviezen"), [(_("te importeren"), len(w))]),
            (_("Per jaar"), jaren),
            (_("Per ontvanger"), telling(_label(v["aan"], vp.SignaalOntvanger) for v in w)),
        ]
    if register == MELDINGEN:
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
    return [
        (_("Dossiers"), [(_("te importeren"), len(w)), (_("gesprekken"), sum(v["aantal_gesprekken"] for v in w)),
                      (_("afgesloten"), sum(1 for v in w if v["datum_afgesloten"]))]),
        (_("Per jaar van eerste contact"), jaren),
        (_("Per soort contact"), telling(_label(v["soort_contact"], vp.SoortContact) for v in w)),
        (_("Per onderwerp"), telling(naam(c) for v in w for c in v["onderwerpen"])),
        (_("Per organisatieonderdeel"), telling(v["organisatieonderdeel"].naam if v["organisatieonderdeel"] else "niet vastgelegd" for v in w)),
    ]


def opmerkingen(resultaat: Resultaat, register: str) -> None:
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
