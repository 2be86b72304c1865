"""The column tables of docs/importeren.md, generated from the column definitions and the lists they match.

`python manage.py importkolommen` prints them; tests/uitwisseling/test_documentatie.py fails when the handbook and
the code disagree, so a value the handbook promises is always one the importer accepts.
"""

from django.utils import translation

from uitwisseling.columns import KOLOMMEN, MELDINGEN, VERTROUWENSPERSONEN, Kolom
from uitwisseling.importeren.lijsten import KEUZES
from uitwisseling.matching import korte_vormen

TITELS = {MELDINGEN: "Meldingenregister", VERTROUWENSPERSONEN: "VP-registratie"}
BEGIN = "<!-- kolommen {register}: gegenereerd met `python manage.py importkolommen`, niet met de hand wijzigen -->"
EINDE = "<!-- einde kolommen {register} -->"


def _waarden(kolom: Kolom) -> str:
    """Every value of a fixed list as people write it (its short form), with its code."""
    delen = []
    for code, label in KEUZES[kolom.lijst]:
        label = str(label)
        kort = (korte_vormen(label) or [label])[0]
        delen.append(f"{kort.lower()} (`{code}`)")
    return "; ".join(delen)


def _betekenis(kolom: Kolom) -> str:
    tekst = str(kolom.uitleg or "").strip()
    if kolom.soort in ("keuze", "meerkeuze"):
        waarden = _waarden(kolom)
        tekst = f"{tekst} Waarden: {waarden}." if tekst else f"Waarden: {waarden}."
    elif kolom.soort in ("categorie", "categorieen") and "organisatie" not in tekst:
        tekst = f"{tekst} Uit de lijst van de organisatie, als naam of code.".strip()
    return tekst.replace("|", "\\|")


def markdown_tabel(register: str) -> str:
    with translation.override("nl"):
        regels = ["| kolom | verplicht | betekenis |", "|---|---|---|"]
        regels += [f"| `{k.naam}` | {'ja' if k.verplicht else 'nee'} | {_betekenis(k)} |" for k in KOLOMMEN[register]]
    return "\n".join(regels)


def blok(register: str) -> str:
    """The table with its markers, as it stands in docs/importeren.md."""
    return "\n".join([BEGIN.format(register=register), markdown_tabel(register), EINDE.format(register=register)])
