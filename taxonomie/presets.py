"""Default category lists (DOMAIN.md). An organisation gets the VP preset plus one integrity preset."""

from django.utils.text import slugify

VP_ONDERWERPEN = [
    ("intimidatie", []),
    ("agressie en geweld", []),
    ("pesten", []),
    ("seksueel grensoverschrijdend gedrag (seksuele intimidatie)", []),
    ("discriminatie", []),
    ("ongewenst gedrag in relatie tot een arbeidsconflict", []),
    ("ander ongewenst gedrag", []),
    (
        "integriteit",
        ["misbruik van bevoegdheden of positie", "onverenigbare (neven)functies", "fraude", "overig"],
    ),
    ("geen ongewenst gedrag", []),
]

# The aard of a preset VP onderwerp: the integrity topic and its sub-topics are integriteit, "geen ongewenst gedrag"
# is neither, every other topic is ongewenst gedrag.
VP_AARD_INTEGRITEIT = "integriteit"
VP_AARD_GEEN = "geen ongewenst gedrag"


def vp_aard(label: str, parent_label: str | None = None) -> str:
    hoofd = parent_label or label
    if hoofd == VP_AARD_INTEGRITEIT:
        return "integriteit"
    if hoofd == VP_AARD_GEEN:
        return "geen"
    return "ongewenst_gedrag"


INTEGRITEIT_RIJK = [
    "financiële schendingen",
    "misbruik van positie en belangenverstrengeling",
    "lekken en misbruik van informatie",
    "misbruik van bevoegdheden",
    "misbruik van geweldsbevoegdheid",
    "ongewenste omgangsvormen",
    "misdragingen in de privésfeer",
    "oneigenlijk gebruik van dienstmiddelen / overschrijding interne regels",
    "misstand (klokkenluidersregeling)",
]

INTEGRITEIT_GEDRAGSCODE = [
    "omgaan met elkaar",
    "omgaan met belangen",
    "gedrag in de privésfeer",
    "omgaan met bevoegdheden",
    "omgaan met informatie",
    "omgaan met spullen van de gemeente",
    "geen VOG / screening",
]

BEVINDINGEN = [
    "integriteitsschending vastgesteld",
    "geen integriteitsschending vastgesteld",
    "geen redelijk vermoeden van een integriteitsschending",
    "arbeidsconflict",
    "functioneringskwestie",
    "afgehandeld via de interne regeling ongewenst gedrag",
    "nog niet vastgesteld",
]

MAATREGELEN = [
    "officiële waarschuwing",
    "laatste waarschuwing",
    "brief met normstellende afspraken",
    "brief met (nadere) afspraken",
    "schorsing / non-actiefstelling",
    "overplaatsing of functiewijziging",
    "loonmaatregel",
    "ontbinding arbeidsovereenkomst",
    "ontslag op staande voet",
    "in de lijn opgepakt",
    "doorgezet naar klachtenafdeling",
    "geen maatregel",
]


def code_for(label: str) -> str:
    return slugify(label)[:80]
