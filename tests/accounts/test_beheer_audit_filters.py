"""Viewing the audit log is logged with the validated filters only, never with free text from the query string."""

import pytest
from django.urls import reverse

from accounts.audit import AuditEntry


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder)


def _bekeken():
    return AuditEntry.objects.filter(actie="auditlog_bekeken").latest("id").details


def test_free_text_in_the_filters_is_not_logged(cast, beheer):
    beheer.get(reverse("beheer:audit"), {"actie": "Jan de Vries meldde pesten", "van": "2026-01-01"})
    assert _bekeken() == {}
    beheer.get(reverse("beheer:audit"), {"van": "2026-01-01", "page": "2 Jan de Vries"})
    assert _bekeken() == {"van": "2026-01-01"}


def test_valid_filters_are_logged_as_ids_codes_dates_and_a_page_number(cast, beheer):
    beheer.get(reverse("beheer:audit"), {"gebruiker": str(cast.vp.pk), "van": "2026-01-01", "tot": "2026-01-31",
                                         "page": "3"})
    assert _bekeken() == {"gebruiker": cast.vp.pk, "van": "2026-01-01", "tot": "2026-01-31", "page": 3}
