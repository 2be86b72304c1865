import datetime
import zoneinfo

import pytest
import time_machine

from meldingen import services, termijnen
from meldingen.models import Spoor, SpoorInstelling, TermijnSoort
from tests.meldingen.factories import MeldingFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


def test_it_stores_the_ontvangstbevestiging_due_seven_days_after_receipt_with_its_rule(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 3, 3))
    termijn = melding.termijnen.get()
    assert termijn.soort == TermijnSoort.ONTVANGSTBEVESTIGING
    assert termijn.regel == "wbk_ontvangstbevestiging_7d"
    assert termijn.uiterlijk_op == datetime.date(2025, 3, 10)
    assert termijn.voldaan_op is None


def test_it_counts_a_receipt_at_2330_on_31_december_in_amsterdam_as_that_year(cast):
    received = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=AMS)  # 22:30 UTC
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=received)
    assert melding.ontvangen_op == datetime.date(2025, 12, 31)
    assert melding.kenmerk == "2025-001"
    assert melding.termijnen.get().uiterlijk_op == datetime.date(2026, 1, 7)


def test_it_counts_2330_utc_on_31_december_as_new_year_in_amsterdam(cast):
    received = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Amsterdam
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=received)
    assert melding.ontvangen_op == datetime.date(2026, 1, 1)
    assert melding.kenmerk == "2026-001"
    assert melding.termijnen.get().uiterlijk_op == datetime.date(2026, 1, 8)


def test_it_refuses_a_naive_received_at(cast):
    with pytest.raises(ValueError):
        MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.datetime(2025, 12, 31, 23, 30))


def test_it_defaults_the_receipt_date_to_the_local_date_in_the_form(cast, client_for):
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    with time_machine.travel(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        response = client_for(cast.coordinator).get("/meldingen/nieuw/")
    assert 'value="2026-01-01"' in response.content.decode()


def test_it_starts_the_terugkoppeling_three_months_after_the_ontvangstbevestiging(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 11, 25))
    bevestiging = melding.termijnen.get()
    with time_machine.travel(datetime.datetime(2025, 12, 1, 10, 0, tzinfo=AMS)):
        services.termijn_voldaan(termijn=bevestiging, voldaan_op=datetime.date(2025, 11, 30), door=cast.coordinator)
    terug = melding.termijnen.get(soort=TermijnSoort.TERUGKOPPELING)
    assert terug.regel == "wbk_terugkoppeling_3m_na_bevestiging"
    assert terug.gestart_op == datetime.date(2025, 11, 30)
    # 30 November + 3 months: February has no 30th, so the last day of February.
    assert terug.uiterlijk_op == datetime.date(2026, 2, 28)
    bevestiging.refresh_from_db()
    assert bevestiging.voldaan_op == datetime.date(2025, 11, 30)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime.date(2025, 1, 15), datetime.date(2025, 4, 15)),
        (datetime.date(2023, 11, 30), datetime.date(2024, 2, 29)),
        (datetime.date(2025, 10, 31), datetime.date(2026, 1, 31)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 3, 31)),
    ],
)
def test_it_adds_calendar_months_clamped_to_the_month_end(start, expected):
    assert termijnen.terugkoppeling_uiterlijk(start) == expected


def test_it_does_not_move_a_stored_deadline_when_the_rule_changes(cast, monkeypatch):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 3, 3))
    monkeypatch.setattr(termijnen, "ontvangstbevestiging_uiterlijk", lambda d: d + datetime.timedelta(days=30))
    melding.refresh_from_db()
    assert melding.termijnen.get().uiterlijk_op == datetime.date(2025, 3, 10)


def test_it_tracks_no_deadlines_for_ongewenst_gedrag_by_default(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, spoor=Spoor.ONGEWENST_GEDRAG)
    assert not melding.termijnen.exists()


def test_it_lets_an_organisation_switch_deadlines_per_spoor(cast):
    SpoorInstelling.objects.create(organisatie=cast.org, spoor=Spoor.INTEGRITEIT, wbk_termijnen=False)
    SpoorInstelling.objects.create(organisatie=cast.org, spoor=Spoor.ONGEWENST_GEDRAG, wbk_termijnen=True)
    integriteit = MeldingFactory(organisatie=cast.org, door=cast.coordinator, spoor=Spoor.INTEGRITEIT)
    ongewenst = MeldingFactory(organisatie=cast.org, door=cast.coordinator, spoor=Spoor.ONGEWENST_GEDRAG)
    assert not integriteit.termijnen.exists()
    assert ongewenst.termijnen.count() == 1


def test_it_refuses_to_record_a_deadline_met_in_the_future(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 3, 3))
    from django.core.exceptions import ValidationError

    with time_machine.travel(datetime.datetime(2025, 3, 4, 12, 0, tzinfo=AMS)), pytest.raises(ValidationError):
        services.termijn_voldaan(termijn=melding.termijnen.get(), voldaan_op=datetime.date(2025, 3, 5),
                                 door=cast.coordinator)


def test_dashboard_shows_overdue_and_due_soon_deadlines(cast, client_for):
    overdue = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 5, 1))
    soon = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 5, 12))
    later = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 5, 1),
                           spoor=Spoor.INTEGRITEIT)
    services.termijn_voldaan(termijn=later.termijnen.get(), voldaan_op=datetime.date(2025, 5, 2), door=cast.coordinator)
    with time_machine.travel(datetime.datetime(2025, 5, 14, 9, 0, tzinfo=AMS)):
        response = client_for(cast.coordinator).get("/meldingen/")
    assert response.status_code == 200
    verlopen = [t.melding_id for t in response.context["verlopen"]]
    binnenkort = [t.melding_id for t in response.context["binnenkort"]]
    assert verlopen == [overdue.pk]
    # `later` had its ontvangstbevestiging in time; its terugkoppeling is months away.
    assert binnenkort == [soon.pk]


def test_it_numbers_kenmerken_per_organisation_and_year(cast):
    a = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2024, 6, 1))
    b = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2024, 7, 1))
    c = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 1, 2))
    d = MeldingFactory(organisatie=cast.other_org, door=cast.outsider, ontvangen_op=datetime.date(2024, 8, 1))
    assert [a.kenmerk, b.kenmerk, c.kenmerk, d.kenmerk] == ["2024-001", "2024-002", "2025-001", "2024-001"]


def test_coordinator_switches_deadlines_per_spoor_on_the_settings_page(cast, client_for):
    from django.urls import reverse

    from accounts.audit import AuditEntry

    c = client_for(cast.coordinator)
    page = c.get(reverse("meldingen:instellingen")).content.decode()
    assert 'name="wbk_integriteit"' in page
    c.post(reverse("meldingen:instellingen"), {"wbk_misstand": "on", "wbk_ongewenst_gedrag": "on"})
    assert not termijnen.wbk_actief(cast.org, Spoor.INTEGRITEIT)
    assert termijnen.wbk_actief(cast.org, Spoor.ONGEWENST_GEDRAG)
    assert not termijnen.wbk_actief(cast.other_org, Spoor.ONGEWENST_GEDRAG)
    assert AuditEntry.objects.filter(actie="spoorinstelling_gewijzigd").count() == 2


def test_it_starts_the_terugkoppeling_from_day_seven_when_no_acknowledgement_was_sent(cast):
    from meldingen.services.herinneringen import terugkoppeling_starten_zonder_bevestiging

    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 3, 3))
    with time_machine.travel(datetime.datetime(2025, 3, 10, 12, 0, tzinfo=AMS)):
        assert terugkoppeling_starten_zonder_bevestiging() == 0  # still the last day of the 7-day period
    with time_machine.travel(datetime.datetime(2025, 3, 11, 7, 0, tzinfo=AMS)):
        assert terugkoppeling_starten_zonder_bevestiging() == 1
        assert terugkoppeling_starten_zonder_bevestiging() == 0  # stored once
    terug = melding.termijnen.get(soort=TermijnSoort.TERUGKOPPELING)
    assert terug.regel == "wbk_terugkoppeling_3m_na_termijn"
    assert (terug.gestart_op, terug.uiterlijk_op) == (datetime.date(2025, 3, 10), datetime.date(2025, 6, 10))
    # A late acknowledgement is recorded, but does not move the deadline that already runs.
    with time_machine.travel(datetime.datetime(2025, 3, 20, 9, 0, tzinfo=AMS)):
        services.termijn_voldaan(termijn=melding.termijnen.get(soort=TermijnSoort.ONTVANGSTBEVESTIGING),
                                 voldaan_op=datetime.date(2025, 3, 20), door=cast.coordinator)
    terug.refresh_from_db()
    assert terug.uiterlijk_op == datetime.date(2025, 6, 10)
