"""The two figures that were wrong (issue 15): the open caseload on 31 December and the Wbk shares.

Every expected number is counted by hand from the records each test builds.
"""

import datetime
import io
import zoneinfo

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from meldingen import services as mservices
from meldingen.models import TermijnSoort
from meldingen.services.bulk import NieuweMelding, meldingen_bulk_create
from reports import services
from reports.figures import compute_figures
from reports.render import render_docx, render_html, render_pdf, render_xlsx
from taxonomie.models import Soort
from tests.reports.conftest import cat

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
D = datetime.date
NA = datetime.date(2026, 6, 1)  # "today" for every computation here


def _op(dag: datetime.date) -> datetime.datetime:
    return datetime.datetime(dag.year, dag.month, dag.day, 12, tzinfo=AMS)


def sluiten(melding, door, op: datetime.date):
    melding.refresh_from_db()
    if not melding.beoordeling:
        mservices.melding_update(melding=melding, door=door, versie=melding.versie, beoordeling="in_de_lijn")
        melding.refresh_from_db()
    if melding.status in ("ontvangen",):
        mservices.melding_change_status(melding=melding, naar="in_behandeling", door=door, versie=melding.versie,
                                        op=_op(op))
    mservices.melding_change_status(melding=melding, naar="afgehandeld", door=door, versie=melding.versie,
                                    reden="klaar", op=_op(op))


def heropenen(melding, door, op: datetime.date):
    melding.refresh_from_db()
    mservices.melding_change_status(melding=melding, naar="heropend", door=door, versie=melding.versie,
                                    reden="nieuw feit", op=_op(op))


def integriteit(org, jaar=2025):
    return compute_figures(org, jaar, vandaag=NA)["integriteit"]


def test_the_open_caseload_is_everything_open_on_31_december_whatever_the_year(cast, build):
    c = cast.coordinator
    build.melding(datum=D(2023, 6, 1))                   # open since 2023: counts
    oud_dicht = build.melding(datum=D(2024, 3, 1))
    sluiten(oud_dicht, c, D(2025, 12, 31))               # closed on 31 December itself: not open
    laat_dicht = build.melding(datum=D(2024, 9, 1))
    sluiten(laat_dicht, c, D(2026, 1, 1))                # closed a day later: open on 31 December
    build.melding(datum=D(2025, 12, 31))                 # received on the last day: open
    build.melding(datum=datetime.datetime(2026, 1, 1, 0, 0, tzinfo=AMS))  # next year: not yet received
    it = integriteit(cast.org)
    assert it["in_behandeling_op_31_december"] == 3
    assert it["van_dit_jaar_in_behandeling_op_31_december"] == 1


def test_a_melding_reopened_after_the_year_was_closed_on_31_december(cast, build):
    c = cast.coordinator
    heropend_later = build.melding(datum=D(2025, 2, 1))
    sluiten(heropend_later, c, D(2025, 5, 1))
    heropenen(heropend_later, c, D(2026, 2, 1))          # open now, but closed on 31 December 2025
    heropend_in_jaar = build.melding(datum=D(2025, 3, 1))
    sluiten(heropend_in_jaar, c, D(2025, 4, 1))
    heropenen(heropend_in_jaar, c, D(2025, 11, 1))       # open again on 31 December
    it = integriteit(cast.org)
    assert it["in_behandeling_op_31_december"] == 1
    assert it["van_dit_jaar_in_behandeling_op_31_december"] == 1
    # The year before: neither had been received yet.
    assert integriteit(cast.org, 2024)["in_behandeling_op_31_december"] == 0


def test_the_age_of_open_meldingen_counts_from_receipt_with_exact_boundaries(cast, build):
    for dag in (D(2025, 10, 1), D(2025, 12, 31)):        # less than 3 months on 31 December
        build.melding(datum=dag)
    for dag in (D(2025, 9, 30), D(2024, 12, 31)):        # exactly 3 and exactly 12 months: 3 to 12 months
        build.melding(datum=dag)
    for dag in (D(2024, 12, 30), D(2020, 1, 1)):         # more than a year
        build.melding(datum=dag)
    it = integriteit(cast.org)
    assert it["in_behandeling_op_31_december_naar_leeftijd"] == {
        "minder dan 3 maanden": 2, "3 tot 12 maanden": 2, "meer dan 1 jaar": 2,
    }
    assert sum(it["in_behandeling_op_31_december_naar_leeftijd"].values()) == it["in_behandeling_op_31_december"]


def test_open_meldingen_past_a_wbk_deadline_on_31_december(cast, build):
    c = cast.coordinator
    with_late_ack = build.melding(datum=D(2025, 12, 1))  # ack due 8 December, given 5 January: past on 31 Dec
    mservices.termijn_voldaan(termijn=with_late_ack.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING),
                              voldaan_op=D(2026, 1, 5), door=c)
    build.melding(datum=D(2025, 12, 24))                 # due 31 December and not met: past at the end of that day
    build.melding(datum=D(2025, 12, 25))                 # due 1 January: not yet past
    in_time = build.melding(datum=D(2025, 11, 1))        # ack on time, terugkoppeling due 3 February: not past
    mservices.termijn_voldaan(termijn=in_time.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING),
                              voldaan_op=D(2025, 11, 3), door=c)
    build.melding(datum=D(2025, 11, 1), spoor="ongewenst_gedrag")  # no Wbk deadlines on this spoor
    closed = build.melding(datum=D(2025, 1, 1))          # past its deadline, but closed: not in the caseload
    sluiten(closed, c, D(2025, 2, 1))
    it = integriteit(cast.org)
    assert it["in_behandeling_op_31_december"] == 5
    assert it["in_behandeling_op_31_december_voorbij_wbk_termijn"] == 2


def _historisch(cast, aantal: int, jaar: int = 2025):
    org = cast.org
    onderwerp = cat(org, Soort.INTEGRITEIT_ONDERWERP, "financiële schendingen")
    return meldingen_bulk_create(organisatie=org, door=cast.coordinator, gegevens=[
        NieuweMelding(ontvangen_op=D(jaar, 1, 10 + i), kanaal="coordinator", bron="intern", spoor="integriteit",
                      onderwerp=onderwerp, omschrijving="historisch")
        for i in range(aantal)
    ])


def test_imported_history_without_dates_is_not_registered_never_late(cast):
    _historisch(cast, 4)
    wbk = integriteit(cast.org)["wbk_termijnen"]
    assert wbk["ontvangstbevestiging"] == {"procent": None, "n": 0, "op_tijd": 0, "te_laat": 0,
                                           "niet_geregistreerd": 4, "lopend": 0}
    assert wbk["terugkoppeling"]["procent"] is None and wbk["terugkoppeling"]["n"] == 0


def test_the_share_is_over_deadlines_with_a_known_outcome_only(cast, build):
    c = cast.coordinator
    _historisch(cast, 3)                                 # not registered: out of the base
    for i, dagen in enumerate((2, 7, 9)):                # on time, on the last day, late
        m = build.melding(datum=D(2025, 3, 1 + i))
        mservices.termijn_voldaan(termijn=m.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING),
                                  voldaan_op=D(2025, 3, 1 + i) + datetime.timedelta(days=dagen), door=c)
    build.melding(datum=NA - datetime.timedelta(days=2))  # still running on the day of computing: not judged
    wbk = compute_figures(cast.org, 2026, vandaag=NA)["integriteit"]["wbk_termijnen"]["ontvangstbevestiging"]
    assert wbk == {"procent": None, "n": 0, "op_tijd": 0, "te_laat": 0, "niet_geregistreerd": 0, "lopend": 1}
    wbk = integriteit(cast.org)["wbk_termijnen"]["ontvangstbevestiging"]
    assert wbk == {"procent": 67, "n": 3, "op_tijd": 2, "te_laat": 1, "niet_geregistreerd": 3, "lopend": 0}
    # The three terugkoppelingen started by the acknowledgements are due in June 2025 and have no date.
    assert integriteit(cast.org)["wbk_termijnen"]["terugkoppeling"]["niet_geregistreerd"] == 3


@pytest.fixture
def wbk_report(cast, build):
    """2025: 29 acknowledgements on time and 6 late (83 %), and 2 imported meldingen without dates; 2024 only the
    imported history, so its column says 'niet geregistreerd'."""
    c = cast.coordinator
    cast.org.minimum_celgrootte = 1
    cast.org.save()
    for i in range(35):
        dag = D(2025, 1, 1) + datetime.timedelta(days=i * 3)
        m = build.melding(datum=dag)
        mservices.termijn_voldaan(termijn=m.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING),
                                  voldaan_op=dag + datetime.timedelta(days=3 if i < 29 else 10), door=c)
    _historisch(cast, 2)
    _historisch(cast, 2, jaar=2024)
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=c)
    return jv, compute_figures(cast.org, 2025, vandaag=NA)


def test_every_format_prints_the_share_with_its_base_or_not_registered(wbk_report):
    jv, cijfers = wbk_report
    wbk = cijfers["integriteit"]["wbk_termijnen"]["ontvangstbevestiging"]
    assert (wbk["procent"], wbk["op_tijd"], wbk["n"], wbk["niet_geregistreerd"]) == (83, 29, 35, 2)
    verwacht = "Ontvangstbevestiging binnen 7 dagen – niet geregistreerd 83 % (29 van 35)"

    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert verwacht in pdf
    html = " ".join(render_html(jv, cijfers).replace("<", " <").split())
    assert "83 % (29 van 35)" in html and "niet geregistreerd" in html

    doc = Document(io.BytesIO(render_docx(jv, cijfers)))
    rijen = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert ["Ontvangstbevestiging binnen 7 dagen", "–", "niet geregistreerd", "83 % (29 van 35)"] in rijen

    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    kern = [r for r in wb["Kerncijfers in drie jaar"].iter_rows(values_only=True)]
    assert ("Ontvangstbevestiging binnen 7 dagen", "–", "niet geregistreerd", "83 % (29 van 35)") in kern
    blad = next(naam for naam in wb.sheetnames if naam.startswith("Int Termijnen Wet bescherming"))
    wbk_sheet = [r for r in wb[blad].iter_rows(values_only=True)]
    assert ("Ontvangstbevestiging binnen 7 dagen", 29, 6, 2, 0, "83 % (29 van 35)") in wbk_sheet


def test_the_open_caseload_table_is_in_every_document(cast, build):
    cast.org.minimum_celgrootte = 1
    cast.org.save()
    build.melding(datum=D(2023, 6, 1))
    build.melding(datum=D(2025, 11, 1))
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    cijfers = compute_figures(cast.org, 2025, vandaag=NA)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert "Meldingen nog in behandeling (alle jaren van ontvangst) 2" in pdf
    assert "waarvan ontvangen in het jaar zelf 1" in pdf
    assert "Minder dan 3 maanden open 1" in pdf and "Meer dan 1 jaar open 1" in pdf
    assert "Op 31 december voorbij een Wbk-termijn die nog niet was voldaan 2" in pdf
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    kern = {r[0]: r[1:] for r in wb["Kerncijfers in drie jaar"].iter_rows(values_only=True) if r and r[0]}
    assert kern["Meldingen nog in behandeling op 31 december (alle jaren van ontvangst)"] == (1, 1, 2)
    assert kern["waarvan ontvangen in het jaar zelf"] == (1, 0, 1)


def test_a_report_frozen_under_schema_v1_still_renders_with_its_own_numbers(cast, build):
    """An adopted report never changes: its v1 figures (the year's own open meldingen, shares without base) are
    shown as they were counted, labelled as what they meant, in every format."""
    build.melding(datum=D(2025, 11, 1))
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, door=cast.coordinator)
    cijfers = compute_figures(cast.org, 2025, vandaag=NA)
    cijfers["schema"] = "vertrouwd.jaarverslag.v1"
    for blok in [cijfers["integriteit"], *(j["integriteit"] for j in cijfers["vorige_jaren"].values())]:
        for key in ("van_dit_jaar_in_behandeling_op_31_december", "in_behandeling_op_31_december_naar_leeftijd",
                    "in_behandeling_op_31_december_voorbij_wbk_termijn", "wbk_termijnen"):
            del blok[key]
        blok["ontvangstbevestiging_binnen_termijn_procent"] = None
        blok["terugkoppeling_binnen_termijn_procent"] = None
    cijfers["integriteit"]["in_behandeling_op_31_december"] = 7  # what v1 counted: the year's own
    cijfers["integriteit"]["ontvangstbevestiging_binnen_termijn_procent"] = 40
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert "waarvan ontvangen in het jaar zelf 0 0 7" in pdf
    assert "Meldingen nog in behandeling op 31 december (alle jaren van ontvangst) – – –" in pdf
    assert "Ontvangstbevestiging binnen 7 dagen – – 40 %" in pdf
    render_docx(jv, cijfers)
    render_xlsx(jv, cijfers)
