"""Scope (reikwijdte) of a jaarverslag: which register(s) it covers, in its figures, documents and identity.

Gemeente Voorbeeldstad has an internal VP (cast.vp) and an external one (cast.vp2). Every expected number below is
counted by hand from the records the fixture builds.
"""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.figures import compute_figures
from reports.models import Jaarverslag, Rapportbestand
from reports.render import render_docx, render_json, render_pdf, render_xlsx
from vertrouwenspersonen import services as vpservices

D = datetime.date


@pytest.fixture
def org(cast, build):
    org = cast.org
    org.minimum_celgrootte = 1
    org.save()
    # Intern (cast.vp): 3 meldingen (2 pesten, 1 intimidatie), 1 informatieverzoek, 2 gesprekken, 2 activity hours,
    # 1 signaal. Extern (cast.vp2): 1 melding (pesten), 1 arbeidsconflict, 1 gesprek, 3.5 hours, 2 signalen.
    i1 = build.dossier(datum=D(2025, 2, 1), onderwerpen=["pesten"])
    build.dossier(datum=D(2025, 3, 1), onderwerpen=["pesten"])
    build.dossier(datum=D(2025, 4, 1), onderwerpen=["intimidatie"])
    build.dossier(datum=D(2025, 5, 1), soort="informatieverzoek")
    e1 = build.dossier(datum=D(2025, 6, 1), onderwerpen=["pesten"], vp=cast.vp2)
    build.dossier(datum=D(2025, 7, 1), soort="arbeidsconflict", vp=cast.vp2)
    build.dossier(datum=D(2024, 7, 1), vp=cast.vp2)  # the year before: extern
    build.dossier(datum=D(2024, 8, 1))  # the year before: intern
    build.dossier(datum=D(2024, 9, 1))
    for dossier, door, dag in ((i1, cast.vp, D(2025, 2, 2)), (i1, cast.vp, D(2025, 2, 9)), (e1, cast.vp2, D(2025, 6, 3))):
        vpservices.gesprek_create(dossier=dossier, door=door, datum=dag, vorm="fysiek", duur_minuten=45)
    vpservices.activiteit_opslaan(organisatie=org, door=cast.vp, soort="spreekuur", datum=D(2025, 3, 1), uren=2)
    vpservices.activiteit_opslaan(organisatie=org, door=cast.vp2, soort="training", datum=D(2025, 4, 1), uren="3.5")
    for door, dag in ((cast.vp, D(2025, 5, 1)), (cast.vp2, D(2025, 5, 2)), (cast.vp2, D(2025, 9, 2))):
        vpservices.signaal_opslaan(organisatie=org, door=door, datum=dag, thema="werkdruk", aan="directie")
    build.melding(datum=D(2025, 3, 3))
    build.melding(datum=D(2025, 4, 4), onderwerp="ongewenste omgangsvormen")
    return org


def test_the_combined_report_has_both_registers_and_key_vp_figures_per_vp_type(org):
    cijfers = compute_figures(org, 2025)
    assert cijfers["reikwijdte"] == "alles"
    vp = cijfers["vertrouwenspersonen"]
    assert vp["aantal_meldingen"] == 4 and cijfers["integriteit"]["aantal_meldingen"] == 2
    assert vp["per_vp_type"] == {
        "intern": {"aantal_meldingen": 3, "aantal_informatieverzoeken": 1, "aantal_arbeidsconflicten": 0,
                   "aantal_gesprekken": 2, "activiteiten_totaal": {"aantal": 1, "uren": 2.0}},
        "extern": {"aantal_meldingen": 1, "aantal_informatieverzoeken": 0, "aantal_arbeidsconflicten": 1,
                   "aantal_gesprekken": 1, "activiteiten_totaal": {"aantal": 1, "uren": 3.5}},
    }
    assert vp["aantal_signalen"] == 3
    assert set(cijfers["vorige_jaren"]["2024"]) == {"vertrouwenspersonen", "integriteit"}
    # Each type is what the report of that type says, and the two add up to the whole.
    for soort, reikwijdte in (("intern", "vp-intern"), ("extern", "vp-extern")):
        eigen = compute_figures(org, 2025, reikwijdte=reikwijdte)["vertrouwenspersonen"]
        assert vp["per_vp_type"][soort] == {key: eigen[key] for key in vp["per_vp_type"][soort]}
    for key in ("aantal_meldingen", "aantal_informatieverzoeken", "aantal_arbeidsconflicten", "aantal_gesprekken"):
        assert vp["per_vp_type"]["intern"][key] + vp["per_vp_type"]["extern"][key] == vp[key]


def test_a_report_of_the_internal_vps_counts_only_theirs_with_percentages_of_their_meldingen(org):
    cijfers = compute_figures(org, 2025, reikwijdte="vp-intern")
    assert cijfers["reikwijdte"] == "vp-intern"
    assert "integriteit" not in cijfers
    vp = cijfers["vertrouwenspersonen"]
    assert (vp["aantal_meldingen"], vp["aantal_informatieverzoeken"], vp["aantal_arbeidsconflicten"]) == (3, 1, 0)
    assert vp["per_onderwerp"]["pesten"] == 2 and vp["per_onderwerp_procent"]["pesten"] == 67  # 2 of 3, not of 4
    assert vp["aantal_gesprekken"] == 2 and vp["aantal_signalen"] == 1
    assert vp["activiteiten_totaal"] == {"aantal": 1, "uren": 2.0}
    assert vp["intern_extern"] == {"intern": 3, "extern": 0}
    assert "per_vp_type" not in vp
    # The comparison has the same scope: 2 internal meldingen in 2024, not the 3 of both.
    assert cijfers["vorige_jaren"]["2024"] == {"vertrouwenspersonen": cijfers["vorige_jaren"]["2024"]["vertrouwenspersonen"]}
    assert cijfers["vorige_jaren"]["2024"]["vertrouwenspersonen"]["aantal_meldingen"] == 2


def test_a_report_of_the_external_vp_counts_only_theirs(org):
    vp = compute_figures(org, 2025, reikwijdte="vp-extern")["vertrouwenspersonen"]
    assert (vp["aantal_meldingen"], vp["aantal_arbeidsconflicten"], vp["aantal_gesprekken"]) == (1, 1, 1)
    assert vp["per_onderwerp_procent"]["pesten"] == 100
    assert vp["aantal_signalen"] == 2 and vp["activiteiten_totaal"]["uren"] == 3.5
    assert compute_figures(org, 2025, reikwijdte="vp-extern")["vorige_jaren"]["2024"]["vertrouwenspersonen"][
        "aantal_meldingen"] == 1


def test_the_vp_and_the_integrity_scopes_hold_only_their_register(org):
    vps = compute_figures(org, 2025, reikwijdte="vertrouwenspersonen")
    assert "integriteit" not in vps and vps["vertrouwenspersonen"]["aantal_meldingen"] == 4
    assert "per_vp_type" in vps["vertrouwenspersonen"]
    it = compute_figures(org, 2025, reikwijdte="integriteit")
    assert "vertrouwenspersonen" not in it and it["integriteit"]["aantal_meldingen"] == 2
    assert set(it["vorige_jaren"]["2024"]) == {"integriteit"}
    data = json.loads(render_json(it))
    assert data["reikwijdte"] == "integriteit" and "vertrouwenspersonen" not in data


def test_an_unknown_scope_is_refused_in_dutch_everywhere(org, cast, client_for):
    with pytest.raises(ValueError, match="Onbekende reikwijdte"):
        compute_figures(org, 2025, reikwijdte="vp")
    with pytest.raises(ValidationError, match="Kies waarover het jaarverslag gaat"):
        services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp", door=cast.vp)
    with pytest.raises(CommandError, match="Onbekende reikwijdte: 'vp'. Kies uit: alles, vertrouwenspersonen"):
        call_command("jaarverslag", organisatie=org.slug, jaar=2025, formaat="json", reikwijdte="vp")
    response = client_for(cast.vp).post(reverse("reports:nieuw"), {"jaar": "2025", "reikwijdte": "vp"}, follow=True)
    assert "Kies een jaar en waarover het nieuwe jaarverslag gaat." in response.content.decode()
    assert not Jaarverslag.objects.filter(organisatie=org).exists()


def test_concept_adoption_and_versions_are_per_scope(org, cast, django_capture_on_commit_callbacks):
    alles = services.jaarverslag_create(organisatie=org, jaar=2025, door=cast.coordinator)
    intern = services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp-intern", door=cast.vp)
    with pytest.raises(ValidationError, match=r"Er is al een concept van het jaarverslag 2025 \(Interne vertr"):
        services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp-intern", door=cast.vp)
    with django_capture_on_commit_callbacks(execute=True):
        services.generatie_start(jaarverslag=intern, door=cast.vp)
    intern.refresh_from_db()
    assert intern.cijfers["reikwijdte"] == "vp-intern" and "integriteit" not in intern.cijfers
    with django_capture_on_commit_callbacks(execute=True):
        services.jaarverslag_vaststellen(jaarverslag=intern, door=cast.coordinator)
    intern.refresh_from_db()
    with pytest.raises(ValidationError, match=r"Het jaarverslag 2025 \(Interne vertrouwenspersonen\) is al vast"):
        services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp-intern", door=cast.vp)
    extern = services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp-extern", door=cast.vp2)
    correctie = services.jaarverslag_correctie(jaarverslag=intern, door=cast.vp)
    assert (correctie.reikwijdte, correctie.versie) == ("vp-intern", 2)
    assert (alles.versie, extern.versie) == (1, 1) and alles.is_concept
    pdf = Rapportbestand.objects.get(jaarverslag=intern, formaat="pdf")
    assert pdf.bestandsnaam == "jaarverslag-voorbeeldstad-2025-vp-intern-v1.pdf"


def test_last_years_recommendations_come_from_the_report_of_the_same_scope(org, cast):
    vorig = services.jaarverslag_create(organisatie=org, jaar=2024, reikwijdte="vp-extern", door=cast.vp2)
    services.narratief_bijwerken(jaarverslag=vorig, door=cast.vp2, aanbevelingen="Meer spreekuren.")
    assert "Meer spreekuren." in services.jaarverslag_create(
        organisatie=org, jaar=2025, reikwijdte="vp-extern", door=cast.vp2).opvolging
    assert services.jaarverslag_create(organisatie=org, jaar=2025, door=cast.vp2).opvolging == ""


def _pdf_tekst(jv, cijfers) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages]


def test_title_cover_and_sections_follow_the_scope_in_every_format(org, cast):
    jv = services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="vp-intern", door=cast.vp)
    cijfers = compute_figures(org, 2025, reikwijdte="vp-intern")
    pages = _pdf_tekst(jv, cijfers)
    tekst = " ".join(pages)
    assert "Jaarverslag interne vertrouwenspersonen 2025" in pages[0]
    assert "Meldingen bij de vertrouwenspersonen 0 2 3" in tekst
    assert "Formele meldingen" not in tekst and "Bijlage" not in tekst and "Wbk" not in tekst
    assert "Interne en externe vertrouwenspersoon" not in tekst
    doc = Document(io.BytesIO(render_docx(jv, cijfers)))
    assert doc.paragraphs[0].text == "Jaarverslag interne vertrouwenspersonen 2025"
    assert doc.core_properties.title == "Jaarverslag interne vertrouwenspersonen 2025"
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    assert wb["Toelichting"]["A1"].value == "Jaarverslag interne vertrouwenspersonen 2025"
    assert not any(naam.startswith("Int ") or naam == "Bijlage" for naam in wb.sheetnames)

    it = services.jaarverslag_create(organisatie=org, jaar=2025, reikwijdte="integriteit", door=cast.coordinator)
    pages = _pdf_tekst(it, compute_figures(org, 2025, reikwijdte="integriteit"))
    assert "Jaarverslag meldingen integriteit en ongewenst gedrag 2025" in pages[0]
    assert "Meldingen bij de vertrouwenspersonen" not in " ".join(pages)


def test_the_combined_document_shows_key_vp_figures_per_vp_type(org, cast):
    jv = services.jaarverslag_create(organisatie=org, jaar=2025, door=cast.vp)
    cijfers = compute_figures(org, 2025)
    tekst = " ".join(_pdf_tekst(jv, cijfers))
    assert "Jaarverslag integriteit en vertrouwenspersonen 2025" in tekst
    assert "Kerncijfers per soort vertrouwenspersoon" in tekst
    assert "Meldingen 3 1" in tekst and "Arbeidsconflicten 0 1" in tekst and "Gesprekken 2 1" in tekst
    assert "Uren voorlichting en andere activiteiten 2 3,5" in tekst
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    blad = wb[next(naam for naam in wb.sheetnames if naam.startswith("VP Kerncijfers per soort"))]
    rijen = {r[0]: r[1:3] for r in blad.iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rijen["Meldingen"] == (3, 1) and rijen["Uren voorlichting en andere activiteiten"] == (2, 3.5)


def test_a_scope_without_meldingen_says_so(cast, build):
    build.melding(datum=D(2025, 3, 3))  # integrity only: nothing for the external VP
    jv = services.jaarverslag_create(organisatie=cast.org, jaar=2025, reikwijdte="vp-extern", door=cast.vp2)
    cijfers = compute_figures(cast.org, 2025, reikwijdte="vp-extern")
    assert cijfers["vertrouwenspersonen"]["aantal_meldingen"] == 0
    assert all(v is None for v in cijfers["vertrouwenspersonen"]["per_onderwerp_procent"].values())
    assert "In 2025 zijn binnen de reikwijdte van dit verslag geen meldingen geregistreerd." in " ".join(
        _pdf_tekst(jv, cijfers))
    out = io.StringIO()
    call_command("jaarverslag", organisatie=cast.org.slug, jaar=2001, formaat="json", reikwijdte="vp-intern", stdout=out)
    assert json.loads(out.getvalue())["vertrouwenspersonen"]["aantal_meldingen"] == 0


def test_the_author_chooses_the_scope_when_making_a_concept(org, cast, client_for):
    vp = client_for(cast.vp)
    page = vp.get(reverse("reports:lijst")).content.decode()
    assert 'name="reikwijdte"' in page and "Interne vertrouwenspersonen" in page
    response = vp.post(reverse("reports:nieuw"), {"jaar": "2025", "reikwijdte": "vp-intern"})
    jv = Jaarverslag.objects.get(organisatie=org, jaar=2025)
    assert jv.reikwijdte == "vp-intern" and response["Location"] == reverse("reports:detail", args=[jv.pk])
    detail = vp.get(reverse("reports:detail", args=[jv.pk])).content.decode()
    assert "Interne vertrouwenspersonen" in detail
    assert "Interne vertrouwenspersonen" in vp.get(reverse("reports:lijst")).content.decode()
    # Without a scope (an older form): the report of everything.
    vp.post(reverse("reports:nieuw"), {"jaar": "2024"})
    assert Jaarverslag.objects.get(organisatie=org, jaar=2024).reikwijdte == "alles"
