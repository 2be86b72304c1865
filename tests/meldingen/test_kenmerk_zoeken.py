"""The coordinator finds a melding by kenmerk (exact or the start of it) in the register, among only the meldingen
of the active organisation."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldingen.models import Bron
from tests.meldingen.factories import MeldingFactory

LIJST = reverse("meldingen:lijst")


def _gevonden(client, **params) -> list[str]:
    response = client.get(LIJST, params)
    assert response.status_code == 200
    return sorted(m.kenmerk for m in response.context["page_obj"].object_list)


def _meldingen(cast, aantal: int, org=None, door=None, **kwargs):
    return [MeldingFactory(organisatie=org or cast.org, door=door or cast.coordinator,
                           ontvangen_op=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), **kwargs)
            for i in range(aantal)]


def test_it_finds_the_exact_kenmerk_and_every_kenmerk_that_starts_with_it(cast, client_for):
    _meldingen(cast, 12)
    client = client_for(cast.coordinator)
    assert _gevonden(client, kenmerk="2026-011") == ["2026-011"]
    assert _gevonden(client, kenmerk="2026-01") == ["2026-010", "2026-011", "2026-012"]


def test_surrounding_spaces_do_not_matter(cast, client_for):
    _meldingen(cast, 3)
    assert _gevonden(client_for(cast.coordinator), kenmerk=" 2026-003  ") == ["2026-003"]


def test_it_combines_with_the_other_filters_and_keeps_them_across_pages(cast, client_for):
    _meldingen(cast, 27)
    _meldingen(cast, 1, bron=Bron.EXTERN)  # 2026-028
    client = client_for(cast.coordinator)
    assert _gevonden(client, kenmerk="2026-02", bron=Bron.EXTERN) == ["2026-028"]
    tweede = client.get(LIJST, {"kenmerk": "2026-0", "bron": Bron.INTERN, "page": 2})
    assert [m.kenmerk for m in tweede.context["page_obj"].object_list] == ["2026-002", "2026-001"]
    assert "kenmerk=2026-0" in tweede.context["querystring"]


def test_it_never_finds_another_organisations_melding(cast, client_for):
    [eigen] = _meldingen(cast, 1)
    [elders] = _meldingen(cast, 1, org=cast.other_org, door=cast.outsider)
    assert eigen.kenmerk == elders.kenmerk == "2026-001"  # the same kenmerk in both organisations
    found = client_for(cast.coordinator).get(LIJST, {"kenmerk": "2026-001"}).context["page_obj"].object_list
    assert [m.pk for m in found] == [eigen.pk]
    found = client_for(cast.outsider).get(LIJST, {"kenmerk": "2026-001"}).context["page_obj"].object_list
    assert [m.pk for m in found] == [elders.pk]


def test_a_melding_of_another_organisation_only_is_not_found(cast, client_for):
    _meldingen(cast, 1)
    _meldingen(cast, 3, org=cast.other_org, door=cast.outsider)
    response = client_for(cast.coordinator).get(LIJST, {"kenmerk": "2026-003"})
    assert list(response.context["page_obj"].object_list) == []
    assert "Geen melding gevonden met een kenmerk dat begint met" in response.content.decode()


def test_other_roles_cannot_search_the_register(cast, client_for):
    [melding] = _meldingen(cast, 1)
    for user in (cast.vp, cast.onderzoeker, cast.beheerder, cast.lezer):
        response = client_for(user).get(LIJST, {"kenmerk": melding.kenmerk})
        # (The typed kenmerk is echoed in the page's own URL, e.g. by the language switch; no melding is.)
        assert response.status_code == 403
        assert reverse("meldingen:detail", args=[melding.pk]) not in response.content.decode()


def test_a_kenmerk_too_long_to_be_one_is_a_dutch_error_and_finds_nothing(cast, client_for):
    _meldingen(cast, 2)
    response = client_for(cast.coordinator).get(LIJST, {"kenmerk": "2026-" + "0" * 30})
    assert "Een kenmerk is hoogstens 20 tekens lang." in response.content.decode()
    assert list(response.context["page_obj"].object_list) == []


def test_searching_keeps_the_query_count_constant(cast, client_for):
    _meldingen(cast, 2)
    client = client_for(cast.coordinator)
    client.get(LIJST, {"kenmerk": "2026"})
    with CaptureQueriesContext(connection) as weinig:
        client.get(LIJST, {"kenmerk": "2026"})
    _meldingen(cast, 20)
    with CaptureQueriesContext(connection) as veel:
        client.get(LIJST, {"kenmerk": "2026"})
    assert len(veel.captured_queries) <= len(weinig.captured_queries)
