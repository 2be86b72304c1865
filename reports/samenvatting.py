"""The samenvatting: five to eight sentences generated from the figures, before the tables of the document.

Every number in it is read from the figures dict, the same one the tables show, so the text cannot say other
numbers than the tables beside it. The author can add to it (Jaarverslag.samenvatting); the generated part
changes only with the figures.
"""

from reports.figures.common import procent
from reports.tables import leesbaar, uitkomst_zin


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if n == 1 else meervoud}"


def _trend(onderwerp: str, vorig: int | None, nu: int) -> str:
    if vorig is None:
        return f"{onderwerp} was {nu}."
    if nu == vorig:
        return f"{onderwerp} bleef gelijk: {nu}."
    richting = "steeg" if nu > vorig else "daalde"
    relatief = procent(abs(nu - vorig), vorig) if vorig else None
    verschil = f" ({'+' if nu > vorig else '-'}{relatief} %)" if relatief is not None else ""
    return f"{onderwerp} {richting} van {vorig} naar {nu}{verschil}."


def _meest(per_onderwerp: dict[str, int]) -> tuple[str, int] | None:
    if not per_onderwerp or not max(per_onderwerp.values()):
        return None
    label = max(per_onderwerp, key=lambda k: per_onderwerp[k])  # the first in taxonomy order on a tie
    return label, per_onderwerp[label]


def samenvatting_zinnen(cijfers: dict) -> list[str]:
    cijfers = leesbaar(cijfers)
    jaar = cijfers["jaar"]
    vorig = cijfers["vorige_jaren"].get(str(jaar - 1), {})
    zinnen = []
    vp = cijfers.get("vertrouwenspersonen")
    if vp is not None:
        n = vp["aantal_meldingen"]
        zinnen.append(_trend("Het aantal meldingen bij de vertrouwenspersonen",
                             vorig.get("vertrouwenspersonen", {}).get("aantal_meldingen"), n))
        zinnen.append(f"Daarnaast waren er "
                      f"{_aantal(vp['aantal_informatieverzoeken'], 'informatieverzoek', 'informatieverzoeken')} en "
                      f"{_aantal(vp['aantal_arbeidsconflicten'], 'arbeidsconflict', 'arbeidsconflicten')}.")
        meest = _meest(vp["per_onderwerp"])
        if meest:
            zinnen.append(f"Het meest genoemde onderwerp was {meest[0]}: bij {meest[1]} van de {n} meldingen "
                          f"({procent(meest[1], n)} %).")
        aard = vp.get("per_aard")
        if aard and n:
            zinnen.append(f"Van de meldingen gingen er {aard['ongewenst gedrag']} over ongewenst gedrag, "
                          f"{aard['integriteit']} over integriteit en {aard['beide']} over beide.")
    it = cijfers.get("integriteit")
    if it is not None:
        zinnen.append(_trend("Het aantal formele meldingen integriteit en ongewenst gedrag",
                             vorig.get("integriteit", {}).get("aantal_meldingen"), it["aantal_meldingen"]))
        zinnen.append(f"Gestart zijn {_aantal(it['feitenonderzoeken'], 'feitenonderzoek', 'feitenonderzoeken')} en "
                      f"{_aantal(it['interne_trajecten'], 'intern traject', 'interne trajecten')}.")
        if it.get("afgehandelde_meldingen_per_uitkomst"):
            zinnen.append(uitkomst_zin(it["afgehandelde_meldingen_per_uitkomst"], jaar))
        if it.get("in_behandeling_op_31_december") is not None:
            open_ = it["in_behandeling_op_31_december"]
            zinnen.append(f"Op 31 december {'was' if open_ == 1 else 'waren'} "
                          f"{_aantal(open_, 'melding', 'meldingen')} nog in behandeling, "
                          f"waarvan {it['van_dit_jaar_in_behandeling_op_31_december']} uit {jaar} zelf.")
    return zinnen
