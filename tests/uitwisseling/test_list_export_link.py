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


def _kenmerken_in_export(client, register: str, **params) -> list[str]:
    response = client.get(reverse("uitwisseling:exporteren"), {"register": register, "formaat": "csv", **params})
    assert response.status_code == 200
    return [rij["kenmerk"] for rij in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")]


def test_a_kenmerk_search_exports_what_the_list_shows(cast, client_for):
    import datetime

    for dag in (1, 2, 3):
        MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2026, 1, dag))
        make_dossier(cast, eigenaar=cast.vp, eerste_contact=datetime.date(2026, 1, dag))
    assert _kenmerken_in_export(client_for(cast.coordinator), "meldingen", kenmerk=" 2026-002 ") == ["2026-002"]
    assert _kenmerken_in_export(client_for(cast.vp), "vertrouwenspersonen", kenmerk="vp-2026-00") == [
        "VP-2026-001", "VP-2026-002", "VP-2026-003"]
