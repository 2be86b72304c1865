"""Functioneel beheer: the audit log of the organisation, metadata only, filterable."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry, audit
from accounts.models import Rol
from tests.conftest import make_user


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder)


def _rows(response) -> list[AuditEntry]:
    return list(response.context["page_obj"].object_list)


def test_shows_only_this_organisations_entries(cast, beheer):
    audit("test_hier", gebruiker=cast.vp, organisatie=cast.org, objecttype="test", object_id=1)
    audit("test_elders", gebruiker=cast.outsider, organisatie=cast.other_org, objecttype="test", object_id=2)
    response = beheer.get(reverse("beheer:audit"))
    acties = {entry.actie for entry in _rows(response)}
    assert "test_hier" in acties and "test_elders" not in acties
    html = response.content.decode()
    assert "test_hier" in html and "test_elders" not in html and cast.outsider.email not in html


def test_columns_are_metadata_and_details_as_key_value(cast, beheer):
    audit("rol_toegekend", gebruiker=cast.beheerder, organisatie=cast.org, objecttype="accounts.lidmaatschap",
          object_id=42, details={"rol": "onderzoeker", "gebruiker_id": 7})
    html = beheer.get(reverse("beheer:audit"), {"actie": "rol_toegekend"}).content.decode()
    # The object by its kind and number (not the model's name), the details as key=value.
    assert "Rol #42" in html and "accounts.lidmaatschap" not in html
    assert "rol=onderzoeker" in html and "gebruiker_id=7" in html
    assert '<th scope="col">' in html


def test_filters_by_user_action_and_period(cast, beheer):
    entries = [
        audit("test_a", gebruiker=cast.vp, organisatie=cast.org),
        audit("test_b", gebruiker=cast.coordinator, organisatie=cast.org),
    ]
    url = reverse("beheer:audit")
    by_user = _rows(beheer.get(url, {"gebruiker": cast.coordinator.pk}))
    assert entries[1] in by_user and entries[0] not in by_user
    by_action = _rows(beheer.get(url, {"actie": "test_a"}))
    assert by_action == [entries[0]]
    vandaag = timezone.localdate()
    today_rows = _rows(beheer.get(url, {"van": vandaag.isoformat(), "tot": vandaag.isoformat()}))
    assert entries[0] in today_rows and entries[1] in today_rows
    gisteren = (vandaag - datetime.timedelta(days=1)).isoformat()
    assert _rows(beheer.get(url, {"tot": gisteren})) == []
    morgen = (vandaag + datetime.timedelta(days=1)).isoformat()
    assert _rows(beheer.get(url, {"van": morgen})) == []


def test_filter_choices_hold_only_this_organisations_users_and_actions(cast, beheer):
    audit("alleen_elders", gebruiker=cast.outsider, organisatie=cast.other_org)
    form = beheer.get(reverse("beheer:audit")).context["form"]
    user_ids = {value for value, _label in form.fields["gebruiker"].choices if value}
    assert cast.vp.pk in user_ids and cast.outsider.pk not in user_ids
    acties = {value for value, _label in form.fields["actie"].choices}
    assert "onderdeel_aangemaakt" in acties and "alleen_elders" not in acties


def test_invalid_filter_shows_an_error_and_no_rows(cast, beheer):
    response = beheer.get(reverse("beheer:audit"), {"van": "2026-02-01", "tot": "2026-01-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum" in response.content.decode()
    assert _rows(response) == []


def test_audit_of_other_organisation_is_invisible_both_ways(cast, client_for):
    beheerder_b = make_user("beheer@anderstad.test", cast.other_org, Rol.BEHEERDER)
    audit("test_voorbeeldstad", gebruiker=cast.vp, organisatie=cast.org)
    rows = _rows(client_for(beheerder_b).get(reverse("beheer:audit")))
    assert rows and all(entry.organisatie_id == cast.other_org.pk for entry in rows)
    # Filtering on a user id of the other organisation is not a valid choice.
    response = client_for(beheerder_b).get(reverse("beheer:audit"), {"gebruiker": cast.vp.pk})
    assert _rows(response) == []


def test_list_query_count_is_constant(cast, beheer, django_assert_max_num_queries):
    for i in range(3):
        audit("test", gebruiker=cast.vp, organisatie=cast.org, object_id=i, details={"i": i})
    url = reverse("beheer:audit")
    beheer.get(url)
    with CaptureQueriesContext(connection) as few:
        beheer.get(url)
    for i in range(40):
        audit("test", gebruiker=cast.coordinator, organisatie=cast.org, object_id=i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        beheer.get(url)


def test_viewing_the_log_is_itself_logged_with_its_filters(cast, beheer):
    beheer.get(reverse("beheer:audit"), {"actie": "rol_toegekend", "van": "2026-01-01", "onzin": "x"})
    entry = AuditEntry.objects.filter(actie="auditlog_bekeken").latest("id")
    assert entry.gebruiker_id == cast.beheerder.pk and entry.organisatie_id == cast.org.pk
    assert entry.details == {"actie": "rol_toegekend", "van": "2026-01-01"}
