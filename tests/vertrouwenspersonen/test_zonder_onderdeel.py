"""The unit of the melder is optional: an organisation without units, or a VP who does not record it, works
everywhere (first contact, edit, import, export, jaarverslag)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Rol
from accounts.services import organisatie_create
from reports.figures import compute_figures
from taxonomie.models import Categorie, Soort
from tests.conftest import make_user
from tests.uitwisseling.conftest import dossier as rij
from tests.uitwisseling.conftest import maak_csv
from uitwisseling.exporteren import exporteer
from uitwisseling.importeren import importeer
from vertrouwenspersonen.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def klein(db):
    organisatie = organisatie_create(naam="Gemeente Klein", slug="klein", indeling="rijk")
    return organisatie, make_user("vp@klein.test", organisatie, Rol.VERTROUWENSPERSOON)


def _eerste_contact(client, organisatie, **extra):
    onderwerp = Categorie.objects.van(organisatie, Soort.VP_ONDERWERP).first()
    data = {"eerste_contact": "2025-02-03", "soort_contact": "melding", "onderwerpen": [onderwerp.pk],
            "verzuim": "onbekend", "onderdeel": "", **extra}
    return client.post(reverse("vertrouwenspersonen:dossier_nieuw"), data)


def test_an_organisation_without_units_registers_a_first_contact(klein, client_for):
    organisatie, vp = klein
    client = client_for(vp, organisatie)
    page = client.get(reverse("vertrouwenspersonen:dossier_nieuw")).content.decode()
    assert "— niet vastgelegd —" in page
    response = _eerste_contact(client, organisatie)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert dossier.onderdeel is None
    detail = client.get(reverse("vertrouwenspersonen:dossier", args=[dossier.pk])).content.decode()
    assert "niet vastgelegd" in detail
    assert "niet vastgelegd" in client.get(reverse("vertrouwenspersonen:dossiers")).content.decode()


def test_a_vp_may_leave_the_unit_empty_where_units_exist(cast, client_for):
    response = _eerste_contact(client_for(cast.vp, cast.org), cast.org)
    assert response.status_code == 302
    assert Dossier.objects.get().onderdeel is None


def test_a_dossier_without_unit_is_imported_exported_and_counted_as_not_recorded(klein):
    organisatie, vp = klein
    # Five: fewer would be merged away by the minimum cell size, like any small unit.
    rijen_in = [rij(kenmerk=f"A{n}", organisatieonderdeel="", datum_eerste_contact=f"2024-0{n}-01")
                for n in range(1, 6)]
    resultaat = importeer(maak_csv(rijen_in), organisatie=organisatie, register="vertrouwenspersonen", door=vp,
                          eigenaar=vp)
    assert resultaat.ok and resultaat.aangemaakt == 5, [f.als_tekst() for f in resultaat.fouten]
    assert set(Dossier.objects.values_list("onderdeel", flat=True)) == {None}

    figures = compute_figures(organisatie, 2024, vandaag=datetime.date(2025, 3, 1))["vertrouwenspersonen"]
    assert figures["per_organisatieonderdeel"] == {"Niet vastgelegd": 5}

    data, rijen = exporteer(organisatie=organisatie, register="vertrouwenspersonen", formaat="csv", gebruiker=vp)
    assert rijen == 5
    # Back in: nothing new (the same dossiers), and the empty unit is read as "not recorded" again.
    opnieuw = importeer(data, organisatie=organisatie, register="vertrouwenspersonen", door=vp, eigenaar=vp,
                        bestandsnaam="x.csv")
    assert opnieuw.ok and opnieuw.aangemaakt == 0 and len(opnieuw.overgeslagen) == 5
