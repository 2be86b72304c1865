"""The VP finds a dossier by kenmerk (exact or the start of it) in the dossier list, among only the dossiers they see."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.vertrouwenspersonen.factories import make_dossier, met_oud_kenmerk
from vertrouwenspersonen import services

LIJST = reverse("vertrouwenspersonen:dossiers")


def _gevonden(client, **params) -> list[str]:
    response = client.get(LIJST, params)
    assert response.status_code == 200
    return sorted(d.kenmerk for d in response.context["page_obj"].object_list)


def _dossiers(cast, aantal: int, **kwargs):
    return [make_dossier(cast, eerste_contact=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), **kwargs)
            for i in range(aantal)]


def test_it_finds_the_exact_kenmerk_and_every_kenmerk_that_starts_with_it(cast, client_for):
    _dossiers(cast, 12)
    client = client_for(cast.vp)
    assert _gevonden(client, kenmerk="VP-2026-011") == ["VP-2026-011"]
    assert _gevonden(client, kenmerk="VP-2026-01") == [f"VP-2026-{n:03d}" for n in range(10, 13)]


def test_case_and_surrounding_spaces_do_not_matter(cast, client_for):
    _dossiers(cast, 3)
    assert _gevonden(client_for(cast.vp), kenmerk="  vp-2026-002 ") == ["VP-2026-002"]


def test_a_kenmerk_from_before_the_per_year_numbering_is_found(cast, client_for):
    [dossier] = _dossiers(cast, 1)
    oud = met_oud_kenmerk(dossier)
    assert _gevonden(client_for(cast.vp), kenmerk=oud.lower()) == [oud]


def test_it_combines_with_the_other_filters_and_keeps_them_across_pages(cast, client_for):
    dossiers = _dossiers(cast, 30)
    services.dossier_afsluiten(dossier=dossiers[0], datum=datetime.date(2026, 2, 1), door=cast.vp)
    client = client_for(cast.vp)
    assert _gevonden(client, kenmerk="VP-2026-00", status="afgesloten") == ["VP-2026-001"]
    assert len(_gevonden(client, kenmerk="VP-2026", status="open")) == 25  # the first page
    tweede = client.get(LIJST, {"kenmerk": "VP-2026", "status": "open", "page": 2})
    assert [d.kenmerk for d in tweede.context["page_obj"].object_list] == [f"VP-2026-00{n}" for n in range(5, 1, -1)]
    assert "kenmerk=VP-2026" in tweede.context["querystring"]


def test_it_never_finds_another_vps_dossier(cast, client_for):
    [eigen] = _dossiers(cast, 1)
    [van_vp2] = _dossiers(cast, 1, eigenaar=cast.vp2)
    client = client_for(cast.vp)
    response = client.get(LIJST, {"kenmerk": van_vp2.kenmerk})
    assert list(response.context["page_obj"].object_list) == []
    body = response.content.decode()
    assert "Geen dossier gevonden met een kenmerk dat begint met" in body
    assert f'href="{reverse("vertrouwenspersonen:dossier", args=[van_vp2.pk])}"' not in body
    # The start both kenmerken share finds only the VP's own.
    assert _gevonden(client, kenmerk="VP-2026") == [eigen.kenmerk]


def test_a_dossier_shared_with_the_vp_is_found(cast, client_for):
    [van_vp2] = _dossiers(cast, 1, eigenaar=cast.vp2)
    services.dossier_delen(dossier=van_vp2, met=cast.vp, geldig_tot=timezone.localdate() + datetime.timedelta(days=7),
                           door=cast.vp2)
    assert _gevonden(client_for(cast.vp), kenmerk=van_vp2.kenmerk) == [van_vp2.kenmerk]


def test_other_roles_cannot_search_the_vp_register(cast, client_for):
    [dossier] = _dossiers(cast, 1)
    for user in (cast.coordinator, cast.beheerder, cast.ex_vp):
        response = client_for(user).get(LIJST, {"kenmerk": dossier.kenmerk})
        # (The typed kenmerk is echoed in the page's own URL, e.g. by the language switch; no dossier is.)
        assert response.status_code == 403
        assert reverse("vertrouwenspersonen:dossier", args=[dossier.pk]) not in response.content.decode()


def test_a_vp_of_another_organisation_finds_only_their_own(cast, client_for):
    [dossier] = _dossiers(cast, 1)
    [elders] = _dossiers(cast, 1, eigenaar=cast.outsider, org=cast.other_org)
    assert elders.kenmerk == dossier.kenmerk  # the same kenmerk in both organisations
    found = client_for(cast.outsider).get(LIJST, {"kenmerk": dossier.kenmerk}).context["page_obj"].object_list
    assert [d.pk for d in found] == [elders.pk]


def test_a_kenmerk_too_long_to_be_one_is_a_dutch_error_and_finds_nothing(cast, client_for):
    _dossiers(cast, 2)
    response = client_for(cast.vp).get(LIJST, {"kenmerk": "VP-2026-" + "0" * 30})
    body = response.content.decode()
    assert "Een kenmerk is hoogstens 20 tekens lang." in body and "is-invalid" in body
    assert list(response.context["page_obj"].object_list) == []


def test_searching_keeps_the_query_count_constant(cast, client_for):
    _dossiers(cast, 2)
    client = client_for(cast.vp)
    client.get(LIJST, {"kenmerk": "VP-2026"})
    with CaptureQueriesContext(connection) as weinig:
        client.get(LIJST, {"kenmerk": "VP-2026"})
    _dossiers(cast, 20)
    with CaptureQueriesContext(connection) as veel:
        client.get(LIJST, {"kenmerk": "VP-2026"})
    assert len(veel.captured_queries) <= len(weinig.captured_queries)
