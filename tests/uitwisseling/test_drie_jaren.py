"""The issue's "done when": a coordinator imports three years of an Excel register; with errors every problem is
named precisely; the jaarverslag of the imported data matches counts kept by hand."""

import datetime

from openpyxl import Workbook

from meldingen.models import Melding
from reports.figures import compute_figures
from tests.uitwisseling.conftest import integriteit

KOP = ["Kenmerk", "Datum ontvangst", "Onderwerp", "Bron", "Kanaal", "Organisatieonderdeel", "Feitenonderzoek",
       "Intern traject", "Bevinding", "Gevolg", "Datum afgehandeld", "Aangifte", "Aantal betrokkenen"]
D = datetime.datetime
REGISTER = [
    # 2022: 3 meldingen
    ["2022-001", D(2022, 2, 1), "Financiële schendingen", "intern", "via leidinggevende", "Ruimte", "ja", "nee",
     "Integriteitsschending vastgesteld", "Officiële waarschuwing", D(2022, 4, 1), "nee", 1],
    ["2022-002", D(2022, 5, 3), "Ongewenste omgangsvormen", "extern", "meldpunt", "Publiekszaken", "nee", "ja",
     "afgehandeld via de interne regeling ongewenst gedrag", "n.v.t.", D(2022, 6, 1), "nee", 1],
    ["2022-003", "14-11-2022", "misbruik van bevoegdheden", "Intern", "", "", "nee", "nee",
     "geen redelijk vermoeden van een integriteitsschending", "", "20-12-2022", "", 1],
    # 2023: 4 meldingen, one with two betrokkenen who both get a measure
    ["2023-001", D(2023, 1, 9), "Financiële schendingen", "intern", "coordinator", "Ruimte", "ja", "nee",
     "integriteitsschending vastgesteld", "Laatste waarschuwing; Loonmaatregel", D(2023, 3, 1), "ja", 2],
    ["2023-002", D(2023, 3, 9), "Lekken en misbruik van informatie", "intern", "coordinator", "Sociaal Domein",
     "nee", "nee", "geen integriteitsschending vastgesteld", "geen maatregel", D(2023, 4, 1), "nee", 1],
    ["2023-003", D(2023, 6, 9), "Ongewenste omgangsvormen", "intern", "vertrouwenspersoon", "Ruimte", "nee", "ja",
     "", "", D(2023, 7, 1), "nee", 1],
    ["2023-004", D(2023, 12, 20), "Financiële schendingen", "extern", "extern", "", "nee", "nee", "", "", None,
     "nee", 1],
    # 2024: 2 meldingen, one still open
    ["2024-001", D(2024, 2, 2), "Misdragingen in de privésfeer", "intern", "leidinggevende", "Bedrijfsvoering", "nee",
     "nee", "integriteitsschending vastgesteld", "Brief met normstellende afspraken", D(2024, 2, 20), "nee", 1],
    ["2024-002", D(2024, 10, 2), "Financiële schendingen", "intern", "coordinator", "Ruimte", "ja", "nee", "", "",
     None, "nee", 1],
]

# Counted by hand from the sheet above.
HAND = {
    2022: {"aantal_meldingen": 3, "feitenonderzoeken": 1, "interne_trajecten": 1, "aangiften": 0,
           "in_behandeling_op_31_december": 0, "van_dit_jaar_in_behandeling_op_31_december": 0,
           "per_bron": {"intern": 2, "extern": 1}},
    2023: {"aantal_meldingen": 4, "feitenonderzoeken": 1, "interne_trajecten": 1, "aangiften": 1,
           "in_behandeling_op_31_december": 1, "van_dit_jaar_in_behandeling_op_31_december": 1,
           "per_bron": {"intern": 3, "extern": 1}},
    2024: {"aantal_meldingen": 2, "feitenonderzoeken": 1, "interne_trajecten": 0, "aangiften": 0,
           # The open caseload: 2024-002 and 2023-004, still open from the year before.
           "in_behandeling_op_31_december": 2, "van_dit_jaar_in_behandeling_op_31_december": 1,
           "per_bron": {"intern": 2, "extern": 0}},
}


def _xlsx(rows) -> bytes:
    import io

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    sheet.append(KOP)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_three_years_import_and_match_the_hand_kept_counts(cast):
    resultaat = integriteit(cast, _xlsx(REGISTER), bestandsnaam="register 2022-2024.xlsx")
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    assert resultaat.aangemaakt == 9
    for jaar, hand in HAND.items():
        figures = compute_figures(cast.org, jaar, vandaag=datetime.date(2025, 3, 1))["integriteit"]
        for key in ("aantal_meldingen", "feitenonderzoeken", "interne_trajecten", "aangiften",
                    "in_behandeling_op_31_december", "van_dit_jaar_in_behandeling_op_31_december"):
            assert figures[key] == hand[key], (jaar, key)
        assert figures["per_bron"] == {"Intern (medewerker)": hand["per_bron"]["intern"],
                                       "Extern (burger, bedrijf of andere buitenstaander)": hand["per_bron"]["extern"]}
    f2023 = compute_figures(cast.org, 2023, vandaag=datetime.date(2025, 3, 1))["integriteit"]
    assert f2023["per_onderwerp"]["financiële schendingen"] == 2
    assert f2023["maatregelen_per_persoon"] == {"laatste waarschuwing": 2, "loonmaatregel": 2, "geen maatregel": 1}
    assert f2023["per_bevinding"]["integriteitsschending vastgesteld"] == 2
    f2022 = compute_figures(cast.org, 2022, vandaag=datetime.date(2025, 3, 1))["integriteit"]
    assert f2022["maatregelen_per_persoon"] == {"officiële waarschuwing": 1}
    assert f2022["doorlooptijd_mediaan_dagen"] == 36  # 59, 29 and 36 days


def test_a_sheet_with_errors_names_every_problem_precisely(cast):
    rows = [list(r) for r in REGISTER]
    rows[1][3] = "burger"                     # row 3: bron
    rows[4][9] = "Berisping"                  # row 6: gevolg (no longer exists since 2020)
    rows[6][1] = "31-13-2023"                 # row 8: datum ontvangst
    rows[7][5] = "Afdeling X"                 # row 9: onderdeel
    rows[8][12] = "twee"                      # row 10: aantal betrokkenen
    resultaat = integriteit(cast, _xlsx(rows))
    assert [(f.rij, f.kolom, f.waarde) for f in resultaat.fouten] == [
        (3, "bron", "burger"),
        (6, "gevolg", "Berisping"),
        (8, "datum_ontvangst", "31-13-2023"),
        (9, "organisatieonderdeel", "Afdeling X"),
        (10, "aantal_betrokkenen", "twee"),
    ]
    assert all(f.probleem and f.toegestaan for f in resultaat.fouten)
    assert "Ruimte" in resultaat.fouten[3].toegestaan
    assert not Melding.objects.exists()
