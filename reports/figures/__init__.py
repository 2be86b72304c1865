"""Every figure of the jaarverslag, computed once, as the JSON contract (docs/jaarverslag-json.md).

`compute_figures` is the only entry point: the HTML preview, the PDF, the DOCX, the XLSX, the JSON export and
the CLI all render this one dict, so no number is ever counted twice in two places.
"""

from django.utils import timezone, translation

from reports.figures import integriteit, vp

SCHEMA = "vertrouwd.jaarverslag.v2"


def compute_figures(organisatie, jaar: int, *, vandaag=None) -> dict:
    """Figures of `jaar` for `organisatie`, with the two previous years' totals beside them.

    Keys of categories and units are their Dutch display labels, whatever the user's language.
    """
    minimum = organisatie.minimum_celgrootte
    with translation.override("nl"):
        vp_block, vp_onderdrukt = vp.vp_figures(organisatie, jaar, minimum=minimum)
        int_block, int_onderdrukt = integriteit.integriteit_figures(organisatie, jaar, minimum=minimum, vandaag=vandaag)
        vorige = {
            str(j): {
                "vertrouwenspersonen": vp.kerncijfers(organisatie, j),
                "integriteit": integriteit.kerncijfers(organisatie, j, vandaag=vandaag),
            }
            for j in (jaar - 2, jaar - 1)
        }
    return {
        "schema": SCHEMA,
        "organisatie": organisatie.naam,
        "jaar": jaar,
        "periode": {"van": f"{jaar}-01-01", "tot_en_met": f"{jaar}-12-31"},
        "minimum_celgrootte": minimum,
        "berekend_op": timezone.localtime().isoformat(timespec="seconds"),
        "vertrouwenspersonen": vp_block,
        "integriteit": int_block,
        "vorige_jaren": vorige,
        "onderdrukt": vp_onderdrukt + int_onderdrukt,
    }
