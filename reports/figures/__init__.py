"""Every figure of the jaarverslag, computed once, as the JSON contract (docs/jaarverslag-json.md).

`compute_figures` is the only entry point: the HTML preview, the PDF, the DOCX, the XLSX, the JSON export and
the CLI all render this one dict, so no number is ever counted twice in two places.
"""

from django.utils import timezone, translation

from reports.figures import integriteit, vp
from reports.models import Reikwijdte

SCHEMA = "vertrouwd.jaarverslag.v2"

VP = "vertrouwenspersonen"
INTEGRITEIT = "integriteit"
# Per scope: the register(s) it covers and, for the VP register, which VP type (None: both).
REIKWIJDTEN: dict[str, tuple[tuple[str, ...], bool | None]] = {
    Reikwijdte.ALLES: ((VP, INTEGRITEIT), None),
    Reikwijdte.VERTROUWENSPERSONEN: ((VP,), None),
    Reikwijdte.VP_INTERN: ((VP,), False),
    Reikwijdte.VP_EXTERN: ((VP,), True),
    Reikwijdte.INTEGRITEIT: ((INTEGRITEIT,), None),
}


def _met_jaar(entries: list[dict], jaar: int) -> list[dict]:
    return [{**entry, "cel": f"{jaar}: {entry['cel']}"} for entry in entries]


def registers(reikwijdte: str) -> tuple[str, ...]:
    return REIKWIJDTEN[reikwijdte][0]


def compute_figures(organisatie, jaar: int, *, reikwijdte: str = Reikwijdte.ALLES, vandaag=None) -> dict:
    """Figures of `jaar` for `organisatie` within `reikwijdte`, with the two previous years' totals of the same
    scope beside them. Only the scope's register(s) are in it; every percentage is of the scope's own meldingen.

    Keys of categories and units are their Dutch display labels, whatever the user's language.
    """
    if reikwijdte not in REIKWIJDTEN:
        raise ValueError(f"Onbekende reikwijdte: {reikwijdte!r}.")
    delen, vp_extern = REIKWIJDTEN[reikwijdte]
    minimum = organisatie.minimum_celgrootte
    blokken: dict[str, dict] = {}
    onderdrukt: list[dict] = []
    with translation.override("nl"):
        if VP in delen:
            blokken[VP], entries = vp.vp_figures(organisatie, jaar, minimum=minimum, vp_extern=vp_extern)
            onderdrukt += entries
        if INTEGRITEIT in delen:
            blokken[INTEGRITEIT], entries = integriteit.integriteit_figures(organisatie, jaar, minimum=minimum,
                                                                            vandaag=vandaag)
            onderdrukt += entries
        vorige = {}
        for j in (jaar - 2, jaar - 1):
            vorige[str(j)] = {}
            if VP in delen:
                # The same figures as the report year's, suppression included, so every breakdown can be
                # compared over three years (reports/tables.py); the appendix is the report year's only.
                vorige[str(j)][VP], entries = vp.vp_figures(organisatie, j, minimum=minimum, vp_extern=vp_extern)
                onderdrukt += _met_jaar(entries, j)
            if INTEGRITEIT in delen:
                vorige[str(j)][INTEGRITEIT], entries = integriteit.integriteit_figures(
                    organisatie, j, minimum=minimum, vandaag=vandaag, met_bijlage=False)
                onderdrukt += _met_jaar(entries, j)
    return {
        "schema": SCHEMA,
        "organisatie": organisatie.naam,
        "jaar": jaar,
        "reikwijdte": str(reikwijdte),
        "periode": {"van": f"{jaar}-01-01", "tot_en_met": f"{jaar}-12-31"},
        "minimum_celgrootte": minimum,
        "berekend_op": timezone.localtime().isoformat(timespec="seconds"),
        **blokken,
        "vorige_jaren": vorige,
        "onderdrukt": onderdrukt,
    }
