"""The tables of the jaarverslag, built once from the figures dict and rendered by every format.

HTML/PDF, DOCX and XLSX all iterate over `build_sections(cijfers)`; none of them reads a figure on its own,
so a table cannot say one thing in the PDF and another in the spreadsheet.
"""

import copy
from dataclasses import dataclass, field

from django.utils.text import capfirst

from reports.figures.common import procent
from reports.figures.integriteit import SCHENDING, bijlage_gegroepeerd

NOOT_ONDERWERPEN = (
    "Eén melding kan over meer dan één onderwerp gaan. De aantallen per onderwerp tellen daarom op tot meer dan "
    "het aantal meldingen; de percentages zijn berekend op het aantal meldingen."
)
NOOT_AFRONDING = "Percentages zijn afgerond op hele getallen; door afronding kan een totaal afwijken van 100."
NOOT_CELGROOTTE = (
    "Om te voorkomen dat gegevens tot personen te herleiden zijn, zijn aantallen kleiner dan {minimum} in "
    "uitsplitsingen naar organisatieonderdeel samengevoegd of onderdrukt (weergegeven als ‘< {minimum}’)."
)
NOOT_BIJLAGE = (
    "Geanonimiseerde regels zonder kenmerk, datum of organisatieonderdeel, gesorteerd op inhoud; meldingen met "
    "dezelfde inhoud staan op één regel, de kolom Aantal telt ze. Een onderwerp met minder dan {minimum} meldingen in het jaar staat hier als ‘Overig (samengevoegd)’. Bevindingen en gevolgen gelden per betrokkene; bij meer betrokkenen staan ze naast elkaar."
)
NOOT_VERSCHIL = (
    "Elk jaar is met zijn eigen cijfers berekend, ook de samenvoeging van kleine aantallen; ‘–’ betekent dat er in "
    "dat jaar geen apart getal is (samengevoegd of niet van toepassing). Het verschil is dat met het jaar ervoor."
)
NOOT_PER_PERSOON = "Maatregelen zijn geteld per persoon: het aantal betrokkenen aan wie de maatregel is opgelegd."
NOOT_TERMIJNEN = (
    "Wet bescherming klokkenluiders: ontvangstbevestiging binnen 7 dagen; informatie over beoordeling en opvolging "
    "binnen 3 maanden na de ontvangstbevestiging. Het percentage is berekend over de termijnen waarvan de datum "
    "is geregistreerd (tussen haakjes: binnen de termijn van dat aantal). Een verstreken termijn zonder "
    "geregistreerde datum telt als ‘niet geregistreerd’, niet als te laat; een lopende termijn telt nog niet mee."
)
GEEN_MELDINGEN = "In {jaar} zijn binnen de reikwijdte van dit verslag geen meldingen geregistreerd."
NOOT_OPEN = (
    "Alle meldingen die op 31 december nog niet waren afgehandeld, in welk jaar ze ook zijn ontvangen. De leeftijd "
    "is gerekend vanaf de datum van ontvangst tot en met 31 december."
)


def wbk_cel(termijn: dict | None) -> str:
    """A Wbk share as the documents print it: "83 % (29 van 35)", or "niet geregistreerd" without a known outcome."""
    if not termijn:
        return "–"
    if termijn["n"] is None:  # frozen under schema v1: the share without its base
        return "–" if termijn["procent"] is None else f"{termijn['procent']} %"
    if termijn["n"]:
        return f"{termijn['procent']} % ({termijn['op_tijd']} van {termijn['n']})"
    if termijn["niet_geregistreerd"]:
        return "niet geregistreerd"
    return "–"


@dataclass
class Tabel:
    sleutel: str
    titel: str
    kolommen: list[str]
    rijen: list[list]
    noten: list[str] = field(default_factory=list)
    # Label -> value pairs for a bar chart, when the table has one.
    grafiek: dict[str, int] | None = None
    grafiek_titel: str = ""

    @property
    def leeg(self) -> bool:
        return not self.rijen


@dataclass
class Sectie:
    sleutel: str
    titel: str
    tabellen: list[Tabel]


def cel(value, *, minimum: int | None = None, procent: bool = False, dagen: bool = False) -> str:
    """One table cell as text, the same in every format."""
    if value is None:
        if minimum is not None:
            return f"< {minimum}"
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        text = (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")
    else:
        text = str(value)
    if procent:
        return f"{text}%"
    if dagen:
        return f"{text} dagen"
    return text


def _verdeling(sleutel, titel, data: dict, *, kop: str, totaal: int | None = None, noten=(), grafiek=True) -> Tabel:
    kolommen = [kop, "Aantal"] + (["Percentage"] if totaal is not None else [])
    rijen = []
    for label, n in data.items():
        row = [capfirst(label), cel(n)]
        if totaal is not None:
            row.append(cel(procent(n, totaal), procent=True))
        rijen.append(row)
    return Tabel(sleutel, titel, kolommen, rijen, list(noten),
                 grafiek={capfirst(k): v for k, v in data.items() if v} if grafiek else None)


def _drie_jaar(cijfers: dict) -> list[int]:
    jaar = cijfers["jaar"]
    return [jaar - 2, jaar - 1, jaar]


def _jaarblok(cijfers: dict, jaar: int, deel: str) -> dict:
    if jaar == cijfers["jaar"]:
        return cijfers[deel]
    return cijfers["vorige_jaren"].get(str(jaar), {}).get(deel, {})


def verschil(vorig: int | None, nu: int | None) -> tuple[str, str]:
    """The change from last year: absolute ("+3", "-2", "0") and relative ("+14%"); "–" without both numbers or
    (relative) when last year was 0."""
    if vorig is None or nu is None:
        return "–", "–"
    delta = nu - vorig
    absoluut = f"{delta:+d}" if delta else "0"
    if not vorig:
        return absoluut, "–"
    relatief = procent(abs(delta), vorig)
    return absoluut, ("0%" if not relatief else f"{'+' if delta > 0 else '-'}{relatief}%")


def drie_jaar_tabel(sleutel: str, titel: str, cijfers: dict, deel: str, key: str, *, kop: str,
                    met_procent: bool = False, ontbreekt: int | None = None, noten=(), grafiek=True) -> Tabel:
    """A breakdown over the three years with the change from last year. Each year is that year's own figures,
    suppressed by its own small cells. A label missing in a year shows `ontbreekt`: 0 where the breakdown lists
    only what occurred (bevindingen, maatregelen), "–" where it may have been merged or not have existed (units)."""
    jaren = _drie_jaar(cijfers)
    per_jaar = [_jaarblok(cijfers, j, deel).get(key) for j in jaren]
    labels: list[str] = []
    for data in per_jaar:
        for label in data or {}:
            if label not in labels:
                labels.append(label)
    totaal = cijfers[deel]["aantal_meldingen"]
    rijen = []
    for label in labels:
        waarden = [None if data is None else data.get(label, ontbreekt) for data in per_jaar]
        row = [capfirst(label), *(cel(w) for w in waarden)]
        if met_procent:
            row.append(cel(procent(waarden[-1] or 0, totaal), procent=True))
        row += verschil(waarden[1], waarden[2])
        rijen.append(row)
    kolommen = [kop, *map(str, jaren)] + ([f"% {jaren[-1]}"] if met_procent else []) + [
        f"Verschil t.o.v. {jaren[1]}", "Verschil (%)"]
    huidig = per_jaar[-1] or {}
    return Tabel(sleutel, titel, kolommen, rijen, [*noten, NOOT_VERSCHIL],
                 grafiek={capfirst(k): v for k, v in huidig.items() if v} if grafiek else None)


def _onderwerpen_drie_jaar(sleutel: str, titel: str, cijfers: dict, deel: str) -> Tabel:
    return drie_jaar_tabel(sleutel, titel, cijfers, deel, "per_onderwerp", kop="Onderwerp", met_procent=True,
                           ontbreekt=0, noten=[NOOT_ONDERWERPEN, NOOT_AFRONDING] if deel == "vertrouwenspersonen"
                           else [NOOT_AFRONDING])


def kerncijfers_tabel(cijfers: dict) -> Tabel:
    jaren = _drie_jaar(cijfers)
    regels = [
        ("vertrouwenspersonen", "aantal_meldingen", "Meldingen bij de vertrouwenspersonen", {}),
        ("vertrouwenspersonen", "aantal_informatieverzoeken", "Informatieverzoeken (vertrouwenspersonen)", {}),
        ("vertrouwenspersonen", "aantal_arbeidsconflicten", "Arbeidsconflicten (vertrouwenspersonen)", {}),
        ("vertrouwenspersonen", "aantal_gesprekken", "Gesprekken van de vertrouwenspersonen", {}),
        ("integriteit", "aantal_meldingen", "Formele meldingen integriteit en ongewenst gedrag", {}),
        ("integriteit", "feitenonderzoeken", "Gestarte feitenonderzoeken", {}),
        ("integriteit", "interne_trajecten", "Gestarte interne trajecten", {}),
        ("integriteit", "in_behandeling_op_31_december",
         "Meldingen nog in behandeling op 31 december (alle jaren van ontvangst)", {}),
        ("integriteit", "van_dit_jaar_in_behandeling_op_31_december",
         "waarvan ontvangen in het jaar zelf", {}),
        ("integriteit", "aangiften", "Aangiften bij de politie", {}),
        ("integriteit", "ontvangstbevestiging", "Ontvangstbevestiging binnen 7 dagen", {"wbk": True}),
        ("integriteit", "terugkoppeling", "Terugkoppeling binnen 3 maanden", {"wbk": True}),
        ("integriteit", "doorlooptijd_mediaan_dagen", "Mediane doorlooptijd afgehandelde meldingen", {"dagen": True}),
    ]
    regels = [regel for regel in regels if regel[0] in cijfers]
    rijen = []
    for deel, key, label, fmt in regels:
        if fmt.get("wbk"):
            rijen.append([label] + [wbk_cel(_jaarblok(cijfers, j, deel).get("wbk_termijnen", {}).get(key))
                                    for j in jaren])
            continue
        rijen.append([label] + [cel(_jaarblok(cijfers, j, deel).get(key), **fmt) for j in jaren])
    noten = []
    if "vertrouwenspersonen" in cijfers:
        uren = [cel(_jaarblok(cijfers, j, "vertrouwenspersonen").get("activiteiten_totaal", {}).get("uren"))
                for j in jaren]
        rijen.insert(4, ["Uren voorlichting en andere activiteiten (vertrouwenspersonen)", *uren])
    if "integriteit" in cijfers:
        noten.append(NOOT_TERMIJNEN)
    delen = [(key, deel) for key, deel in (("vertrouwenspersonen", "vertrouwenspersonen"), ("integriteit", "formeel"))
             if key in cijfers]
    if not any(cijfers[key]["aantal_meldingen"] for key, _deel in delen):
        noten.insert(0, GEEN_MELDINGEN.format(jaar=cijfers["jaar"]))
    return Tabel("kerncijfers", "Kerncijfers in drie jaar", ["", *map(str, jaren)], rijen, noten,
                 grafiek={f"{j}: {deel}": _jaarblok(cijfers, j, key).get("aantal_meldingen", 0)
                          for j in jaren for key, deel in delen},
                 grafiek_titel="Aantal meldingen per jaar")


SCHEMA_V1 = "vertrouwd.jaarverslag.v1"


def leesbaar(cijfers: dict) -> dict:
    """Figures frozen under an older schema (an adopted report never changes) in the shape the tables read.

    v1 counted only the year's own meldingen as "in behandeling op 31 december" and had no base beside the Wbk
    shares: its number is shown as the year's own, and what v1 did not compute is shown as unknown ("–").
    """
    if cijfers.get("schema") != SCHEMA_V1:
        return cijfers
    cijfers = copy.deepcopy(cijfers)
    blokken = [cijfers["integriteit"], *(j.get("integriteit", {}) for j in cijfers.get("vorige_jaren", {}).values())]
    for blok in blokken:
        blok["van_dit_jaar_in_behandeling_op_31_december"] = blok.pop("in_behandeling_op_31_december", None)
        blok["in_behandeling_op_31_december"] = None
        blok["in_behandeling_op_31_december_naar_leeftijd"] = {}
        blok["in_behandeling_op_31_december_voorbij_wbk_termijn"] = None
        blok["wbk_termijnen"] = {
            soort: {"procent": blok.pop(f"{soort}_binnen_termijn_procent", None), "n": None, "op_tijd": None,
                    "te_laat": None, "niet_geregistreerd": None, "lopend": None}
            for soort in ("ontvangstbevestiging", "terugkoppeling")
        }
    return cijfers


def build_sections(cijfers: dict) -> list[Sectie]:
    """The table sections of the document: the key figures, then only the register(s) of the report's scope."""
    cijfers = leesbaar(cijfers)
    secties = [Sectie("kerncijfers", "Kerncijfers", [kerncijfers_tabel(cijfers)])]
    if "vertrouwenspersonen" in cijfers:
        secties.append(Sectie("vertrouwenspersonen", "Vertrouwenspersonen", _vp_tabellen(cijfers)))
    if "integriteit" in cijfers:
        int_tabellen, bijlage = _int_tabellen(cijfers)
        secties.append(Sectie("integriteit", "Meldingen integriteit en ongewenst gedrag", int_tabellen))
        secties.append(Sectie("bijlage", "Bijlage: geanonimiseerd overzicht van de meldingen", [bijlage]))
    return secties


def _vp_tabellen(cijfers: dict) -> list[Tabel]:
    vp = cijfers["vertrouwenspersonen"]
    minimum = cijfers["minimum_celgrootte"]
    celnoot = NOOT_CELGROOTTE.format(minimum=minimum)
    aantal_vp = vp["aantal_meldingen"]

    cross = vp["geslacht_per_organisatieonderdeel"]
    geslachten = [g for g in next(iter(cross.values()), {})]
    geslacht_tabel = Tabel(
        "vp_geslacht_onderdeel", "Geslacht van de melder per organisatieonderdeel",
        ["Organisatieonderdeel", *geslachten],
        [[unit, *(cel(row.get(g), minimum=minimum) for g in geslachten)] for unit, row in cross.items()],
        [celnoot],
    )
    activiteiten = Tabel(
        "vp_activiteiten", "Voorlichting en andere activiteiten", ["Activiteit", "Aantal", "Uren"],
        [[label, cel(v["aantal"]), cel(v["uren"])] for label, v in vp["activiteiten"].items()]
        + [["Totaal", cel(vp["activiteiten_totaal"]["aantal"]), cel(vp["activiteiten_totaal"]["uren"])]],
    )
    vp_tabellen = [
        Tabel("vp_soort_contact", "Soort contact", ["Soort contact", "Aantal"], [
            ["Meldingen", cel(aantal_vp)],
            ["Informatieverzoeken", cel(vp["aantal_informatieverzoeken"])],
            ["Arbeidsconflicten", cel(vp["aantal_arbeidsconflicten"])],
        ], ["Informatieverzoeken en arbeidsconflicten tellen niet als melding. "
            "De uitsplitsingen hieronder gaan over de meldingen."]),
        _onderwerpen_drie_jaar("vp_onderwerp", "Meldingen per onderwerp", cijfers, "vertrouwenspersonen"),
        drie_jaar_tabel("vp_onderdeel", "Meldingen per organisatieonderdeel", cijfers, "vertrouwenspersonen",
                        "per_organisatieonderdeel", kop="Organisatieonderdeel", noten=[celnoot]),
        drie_jaar_tabel("vp_intern_extern", "Interne en externe vertrouwenspersoon", cijfers, "vertrouwenspersonen",
                        "intern_extern", kop="Vertrouwenspersoon", ontbreekt=0, grafiek=False),
        _verdeling("vp_geslacht", "Geslacht van de melder", vp["per_geslacht"], kop="Geslacht", totaal=aantal_vp,
                   noten=[NOOT_AFRONDING], grafiek=False),
        geslacht_tabel,
        _verdeling("vp_relatie", "Relatie van de veroorzaker tot de melder", vp["per_relatie_veroorzaker"],
                   kop="Relatie", totaal=aantal_vp, noten=[NOOT_AFRONDING]),
        _verdeling("vp_hulpvraag", "Soort hulpvraag", vp["per_soort_hulpvraag"], kop="Hulpvraag",
                   noten=["Eén melding kan meer dan één hulpvraag hebben."]),
        drie_jaar_tabel("vp_verwijzing", "Verwezen naar", cijfers, "vertrouwenspersonen", "per_verwijzing",
                        kop="Verwezen naar", ontbreekt=0,
                   noten=["Eén melder kan naar meer dan één instantie zijn verwezen."]),
        _verdeling("vp_vervolg", "Vervolg", vp["per_vervolg"], kop="Vervolg", grafiek=False),
        _verdeling("vp_resultaat", "Resultaat van de begeleiding", vp["per_resultaat"], kop="Resultaat",
                   totaal=aantal_vp, noten=[NOOT_AFRONDING], grafiek=False),
        _verdeling("vp_verzuim", "Verzuim bij het eerste contact", vp["verzuim_bij_aanmelding"], kop="Verzuim",
                   totaal=aantal_vp, noten=[NOOT_AFRONDING], grafiek=False),
        Tabel("vp_gesprekken", "Gesprekken en signalen", ["", "Aantal"], [
            ["Gesprekken met melders", cel(vp["aantal_gesprekken"])],
            ["Signalen en adviezen aan de organisatie", cel(vp.get("aantal_signalen", 0))],
        ]),
        activiteiten,
    ]
    if "per_aard" in vp:  # not in figures frozen before it existed
        vp_tabellen.insert(2, drie_jaar_tabel(
            "vp_aard", "Aard van de meldingen", cijfers, "vertrouwenspersonen", "per_aard", kop="Aard",
            met_procent=True, ontbreekt=0, grafiek=False,
            noten=["Elke melding telt één keer, naar de aard van haar onderwerpen: met onderwerpen van beide soorten "
                   "als ‘beide’.", NOOT_AFRONDING]))
    if "per_vp_type" in vp:  # a report of both VP types
        vp_tabellen.insert(4, per_vp_type_tabel(vp["per_vp_type"]))
    else:  # a report of one VP type: the split intern/extern says nothing
        vp_tabellen = [t for t in vp_tabellen if t.sleutel != "vp_intern_extern"]
    return vp_tabellen


def _int_tabellen(cijfers: dict) -> tuple[list[Tabel], Tabel]:
    it = cijfers["integriteit"]
    minimum = cijfers["minimum_celgrootte"]
    celnoot = NOOT_CELGROOTTE.format(minimum=minimum)
    int_tabellen = [
        _onderwerpen_drie_jaar("int_onderwerp", "Meldingen per onderwerp", cijfers, "integriteit"),
        drie_jaar_tabel("int_bron", "Meldingen per bron", cijfers, "integriteit", "per_bron", kop="Bron",
                        met_procent=True, ontbreekt=0, noten=[NOOT_AFRONDING], grafiek=False),
        drie_jaar_tabel("int_kanaal", "Meldingen per kanaal", cijfers, "integriteit", "per_kanaal", kop="Kanaal",
                        ontbreekt=0),
        drie_jaar_tabel("int_onderdeel", "Meldingen per organisatieonderdeel", cijfers, "integriteit",
                        "per_organisatieonderdeel", kop="Organisatieonderdeel", noten=[celnoot]),
        Tabel("int_afhandeling", "Onderzoek en afhandeling", ["", "Aantal"], [
            ["Gestarte feitenonderzoeken", cel(it["feitenonderzoeken"])],
            ["Gestarte interne trajecten (regeling ongewenst gedrag)", cel(it["interne_trajecten"])],
            ["Aangiften bij de politie", cel(it["aangiften"])],
            ["Mediane doorlooptijd van afgehandelde meldingen", cel(it["doorlooptijd_mediaan_dagen"], dagen=True)],
        ]),
        Tabel("int_open", "Nog in behandeling op 31 december", ["", "Aantal"], [
            ["Meldingen nog in behandeling (alle jaren van ontvangst)", cel(it["in_behandeling_op_31_december"])],
            ["waarvan ontvangen in het jaar zelf", cel(it["van_dit_jaar_in_behandeling_op_31_december"])],
            *([f"{capfirst(label)} open", cel(n)] for label, n in it["in_behandeling_op_31_december_naar_leeftijd"].items()),
            ["Op 31 december voorbij een Wbk-termijn die nog niet was voldaan",
             cel(it["in_behandeling_op_31_december_voorbij_wbk_termijn"])],
        ], [NOOT_OPEN]),
        Tabel("int_wbk", "Termijnen Wet bescherming klokkenluiders",
              ["Termijn", "Binnen de termijn", "Te laat", "Niet geregistreerd", "Nog lopend", "Binnen de termijn (%)"],
              [[label, cel(t["op_tijd"]), cel(t["te_laat"]), cel(t["niet_geregistreerd"]), cel(t["lopend"]),
                wbk_cel(t)]
               for label, t in (("Ontvangstbevestiging binnen 7 dagen", it["wbk_termijnen"]["ontvangstbevestiging"]),
                                ("Terugkoppeling binnen 3 maanden", it["wbk_termijnen"]["terugkoppeling"]))],
              [NOOT_TERMIJNEN]),
        *([uitkomst_tabel(it["afgehandelde_meldingen_per_uitkomst"], cijfers["jaar"])]
          if "afgehandelde_meldingen_per_uitkomst" in it else []),
        drie_jaar_tabel("int_bevinding", "Bevindingen (per betrokkene)", cijfers, "integriteit", "per_bevinding",
                        kop="Bevinding", ontbreekt=0),
        drie_jaar_tabel("int_maatregel", "Maatregelen per persoon", cijfers, "integriteit", "maatregelen_per_persoon",
                        kop="Maatregel", ontbreekt=0, noten=[NOOT_PER_PERSOON]),
    ]
    bijlage = Tabel(
        "bijlage", "Overzicht van de formele meldingen",
        ["Onderwerp", "Bron", "Feitenonderzoek", "Bevinding", "Gevolg", "Aantal"],
        [[capfirst(r["onderwerp"]), r["bron"], cel(r["feitenonderzoek"]), capfirst(r["bevinding"]),
          capfirst(r["gevolg"]), cel(r["aantal"])] for r in bijlage_gegroepeerd(it["bijlage"])],
        [NOOT_BIJLAGE.format(minimum=minimum)],
    )
    return int_tabellen, bijlage


NOOT_UITKOMST = (
    "Elke melding uit het jaar die op 31 december was afgehandeld telt één keer, onder de zwaarste bevinding bij "
    "haar betrokkenen (de eerste in de volgorde van de indeling). De tabel hieronder telt bevindingen per persoon."
)


def uitkomst_zin(per_uitkomst: dict[str, int], jaar: int) -> str:
    """The sentence the documents publish, from the same counts as the table beside it."""
    totaal = sum(per_uitkomst.values())
    return (f"Bij {per_uitkomst.get(SCHENDING, 0)} van de {totaal} afgehandelde meldingen uit {jaar} was sprake van "
            "een integriteitsschending.")


def uitkomst_tabel(per_uitkomst: dict[str, int], jaar: int) -> Tabel:
    return _verdeling("int_uitkomst", "Afgehandelde meldingen naar uitkomst", per_uitkomst,
                      kop="Uitkomst (zwaarste bevinding)", totaal=sum(per_uitkomst.values()), grafiek=False,
                      noten=[uitkomst_zin(per_uitkomst, jaar), NOOT_UITKOMST, NOOT_AFRONDING] if per_uitkomst else [])


def per_vp_type_tabel(per_type: dict) -> Tabel:
    """The key VP figures per VP type, for a report that covers both (municipalities adopt them apart)."""
    regels = (("aantal_meldingen", "Meldingen"), ("aantal_informatieverzoeken", "Informatieverzoeken"),
              ("aantal_arbeidsconflicten", "Arbeidsconflicten"), ("aantal_gesprekken", "Gesprekken"))
    rijen = [[label, cel(per_type["intern"][key]), cel(per_type["extern"][key])] for key, label in regels]
    rijen.append(["Uren voorlichting en andere activiteiten", cel(per_type["intern"]["activiteiten_totaal"]["uren"]),
                  cel(per_type["extern"]["activiteiten_totaal"]["uren"])])
    return Tabel("vp_per_type", "Kerncijfers per soort vertrouwenspersoon",
                 ["", "Interne vertrouwenspersonen", "Externe vertrouwenspersonen"], rijen)
