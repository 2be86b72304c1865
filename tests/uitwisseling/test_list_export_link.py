"""The register lists offer an export of exactly the filtered list."""

import csv
import io

from django.urls import reverse

from tests.meldingen.factories import MeldingFactory
from tests.vertrouwenspersonen.factories import make_dossier


def test_meldingen_list_links_to_an_export_of_the_filtered_list(cast, client_for):
    MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    client = client_for(cast.coordinator)
    page = client.get(reverse("meldingen:lijst"), {"jaar": "2025"}).content.decode()
    export_url = reverse("uitwisseling:exporteren") + "?register=meldingen&amp;formaat=csv&amp;jaar=2025"
    assert export_url in page
    response = client.get(export_url.replace("&amp;", "&"))
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "kenmerk" in header and "omschrijving" not in header


def test_vp_list_links_to_an_export_of_own_dossiers(cast, client_for):
    make_dossier(cast, eigenaar=cast.vp)
    page = client_for(cast.vp).get(reverse("vertrouwenspersonen:dossiers")).content.decode()
    assert reverse("uitwisseling:exporteren") + "?register=vertrouwenspersonen" in page
