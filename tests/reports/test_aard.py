"""Aard of a VP melding (issue 15, item 2): ongewenst gedrag, integriteit, or both, decided by its topics.

The aard of each VP onderwerp is kept in the taxonomy and set by the functioneel beheerder on Beheer -> Onderwerpen.
Every expected number is counted by hand from the dossiers each test builds.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.audit import AuditEntry
from reports import services
from reports.figures import compute_figures
from reports.render import render_docx, render_pdf, render_xlsx
from taxonomie.models import Aard, Categorie, Soort
from taxonomie.services import vp_aard_wijzigen
from tests.reports.conftest import cat

D = datetime.date


def fraude(org):
    return Categorie.objects.get(organisatie=org, soort=Soort.VP_ONDERWERP, label="fraude")


@pytest.fixture
def dossiers(cast, build):
    org = cast.org
    org.minimum_celgrootte = 1
    org.save()
    build.dossier(datum=D(2025, 1, 5), onderwerpen=["pesten"])                            # ongewenst gedrag
    build.dossier(datum=D(2025, 2, 5), onderwerpen=["pesten", "intimidatie"])             # ongewenst gedrag, once
    build.dossier(datum=D(2025, 3, 5), onderwerpen=[fraude(org)])                         # integriteit (sub-topic)
    build.dossier(datum=D(2025, 4, 5), onderwerpen=["discriminatie", "integriteit"])     # beide
    build.dossier(datum=D(2025, 5, 5), onderwerpen=["geen ongewenst gedrag"])            # geen van beide
    build.dossier(datum=D(2025, 6, 5), soort="informatieverzoek", onderwerpen=["integriteit"])  # not a melding
    build.dossier(datum=D(2024, 6, 5), onderwerpen=["integriteit"])                       # another year
    return org


def test_the_preset_gives_every_vp_topic_its_aard(cast):
    aard = dict(Categorie.objects.van(cast.org, Soort.VP_ONDERWERP).values_list("label", "aard"))
    assert aard["pesten"] == aard["seksueel grensoverschrijdend gedrag (seksuele intimidatie)"] == Aard.ONGEWENST_GEDRAG
    assert aard["integriteit"] == aard["fraude"] == aard["onverenigbare (neven)functies"] == Aard.INTEGRITEIT
    assert aard["geen ongewenst gedrag"] == Aard.GEEN


def test_each_melding_counts_once_by_the_aard_of_its_topics(dossiers):
    vp = compute_figures(dossiers, 2025)["vertrouwenspersonen"]
    assert vp["per_aard"] == {"ongewenst gedrag": 2, "integriteit": 1, "beide": 1, "geen van beide": 1}
    assert sum(vp["per_aard"].values()) == vp["aantal_meldingen"] == 5


def test_geen_van_beide_is_left_out_when_no_melding_has_it(cast, build):
    build.dossier(datum=D(2025, 1, 5), onderwerpen=["pesten"])
    assert compute_figures(cast.org, 2025)["vertrouwenspersonen"]["per_aard"] == {
        "ongewenst gedrag": 1, "integriteit": 0, "beide": 0}


def test_the_beheerder_changes_the_aard_and_the_next_report_follows(dossiers, cast, client_for):
    beheerder = client_for(cast.beheerder)
    page = beheerder.get(reverse("beheer:onderwerpen")).content.decode()
    pesten = cat(dossiers, Soort.VP_ONDERWERP, "pesten")
    assert f'name="aard_{pesten.pk}"' in page and "integriteit – fraude" in page
    form = {f"aard_{c.pk}": c.aard for c in Categorie.objects.van(dossiers, Soort.VP_ONDERWERP)}
    form[f"aard_{pesten.pk}"] = Aard.INTEGRITEIT
    response = beheerder.post(reverse("beheer:onderwerpen"), form, follow=True)
    assert "De aard van 1 onderwerp(en) is gewijzigd." in response.content.decode()
    pesten.refresh_from_db()
    assert pesten.aard == Aard.INTEGRITEIT
    entry = AuditEntry.objects.get(actie="categorie_aard_gewijzigd")
    assert entry.details == {"van": "ongewenst_gedrag", "naar": "integriteit"} and entry.gebruiker_id == cast.beheerder.pk
    # Pesten alone is integrity now; pesten + intimidatie is both.
    assert compute_figures(dossiers, 2025)["vertrouwenspersonen"]["per_aard"] == {
        "ongewenst gedrag": 0, "integriteit": 2, "beide": 2, "geen van beide": 1}


def test_bad_input_is_refused_and_changes_nothing(dossiers, cast, client_for):
    beheerder = client_for(cast.beheerder)
    pesten = cat(dossiers, Soort.VP_ONDERWERP, "pesten")
    voor = dict(Categorie.objects.values_list("pk", "aard"))
    form = {f"aard_{c.pk}": Aard.GEEN for c in Categorie.objects.van(dossiers, Soort.VP_ONDERWERP)}
    form[f"aard_{pesten.pk}"] = "onzin"
    response = beheerder.post(reverse("beheer:onderwerpen"), form)
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert dict(Categorie.objects.values_list("pk", "aard")) == voor
    ander = Categorie.objects.van(cast.other_org, Soort.VP_ONDERWERP).first()
    with pytest.raises(ValidationError, match="Kies alleen onderwerpen van de vertrouwenspersonen"):
        vp_aard_wijzigen(organisatie=dossiers, aarden={pesten.pk: Aard.GEEN, ander.pk: Aard.GEEN}, door=cast.beheerder)
    integriteit_onderwerp = cat(dossiers, Soort.INTEGRITEIT_ONDERWERP, "financiële schendingen")
    with pytest.raises(ValidationError, match="Kies alleen onderwerpen"):
        vp_aard_wijzigen(organisatie=dossiers, aarden={integriteit_onderwerp.pk: Aard.GEEN}, door=cast.beheerder)
    with pytest.raises(ValidationError, match="ongewenst gedrag, integriteit of geen van beide"):
        vp_aard_wijzigen(organisatie=dossiers, aarden={pesten.pk: "onzin"}, door=cast.beheerder)
    assert dict(Categorie.objects.values_list("pk", "aard")) == voor
    assert not AuditEntry.objects.filter(actie="categorie_aard_gewijzigd").exists()


def test_every_format_shows_the_aard_table(dossiers, cast):
    jv = services.jaarverslag_create(organisatie=dossiers, jaar=2025, door=cast.vp)
    cijfers = compute_figures(dossiers, 2025)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(jv, cijfers))).pages)
    assert "Aard van de meldingen" in pdf
    # 2023, 2024, 2025, % 2025, change from 2024 (the 2024 dossier is integrity only).
    assert "Ongewenst gedrag 0 0 2 40% +2 –" in pdf and "Beide 0 0 1 20% +1 –" in pdf
    assert "Geen van beide 0 0 1 20% +1 –" in pdf
    doc = Document(io.BytesIO(render_docx(jv, cijfers)))
    assert ["Integriteit", "0", "1", "1", "20%", "0", "0%"] in [
        [c.text for c in r.cells] for t in doc.tables for r in t.rows]
    wb = load_workbook(io.BytesIO(render_xlsx(jv, cijfers)))
    rijen = {r[0]: r[1:] for r in wb["VP Aard van de meldingen"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rijen["Ongewenst gedrag"] == (0, 0, 2, 0.4, "+2", "–")
