"""Dashboard, reminder and fallback terugkoppeling leave out afgehandelde and destroyed meldingen (one selector)."""

import datetime
import zoneinfo

import time_machine
from django.core import mail
from django.utils import timezone

from meldingen import services
from meldingen.models import Melding, TermijnSoort
from meldingen.selectors import openstaande_termijnen
from meldingen.services.herinneringen import (
    open_termijn_counts,
    termijnherinneringen_versturen,
    terugkoppeling_starten_zonder_bevestiging,
)
from tests.meldingen.factories import MeldingFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
ONTVANGEN = datetime.date(2025, 3, 3)  # its ontvangstbevestiging is due on 10 March
NU = datetime.datetime(2025, 3, 20, 9, 0, tzinfo=AMS)


def _drie_meldingen(cast):
    """Each with an overdue ontvangstbevestiging: one open, one afgehandeld, one destroyed."""
    def nieuw():
        return MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=ONTVANGEN)

    lopend, afgehandeld, vernietigd = nieuw(), nieuw(), nieuw()
    with time_machine.travel(datetime.datetime(2025, 3, 5, 12, tzinfo=AMS), tick=False):
        services.melding_update(melding=afgehandeld, door=cast.coordinator, versie=afgehandeld.versie,
                                beoordeling="in_de_lijn")
        afgehandeld.refresh_from_db()
        services.melding_change_status(melding=afgehandeld, naar="in_behandeling", door=cast.coordinator,
                                       versie=afgehandeld.versie)
        services.melding_change_status(melding=afgehandeld, naar="afgehandeld", door=cast.coordinator,
                                       versie=afgehandeld.versie, reden="klaar")
    # Destruction only happens to afgehandelde meldingen; this one is left open to test that condition on its own.
    Melding.objects.filter(pk=vernietigd.pk).update(vernietigd_op=timezone.now())
    return lopend, afgehandeld, vernietigd


def test_the_selector_keeps_only_deadlines_of_running_meldingen(cast):
    lopend, _afgehandeld, _vernietigd = _drie_meldingen(cast)
    assert set(openstaande_termijnen().values_list("melding_id", flat=True)) == {lopend.pk}


def test_the_reminder_counts_only_running_meldingen(cast):
    _drie_meldingen(cast)
    with time_machine.travel(NU):
        assert open_termijn_counts() == {cast.org.pk: {"verlopen": 1, "binnenkort": 0}}
        assert termijnherinneringen_versturen() == 1
    assert "Verlopen termijnen: 1." in mail.outbox[0].body


def test_the_fallback_terugkoppeling_starts_only_for_running_meldingen(cast):
    lopend, afgehandeld, vernietigd = _drie_meldingen(cast)
    with time_machine.travel(NU):
        assert terugkoppeling_starten_zonder_bevestiging() == 1
    assert lopend.termijnen.filter(soort=TermijnSoort.TERUGKOPPELING).exists()
    assert not afgehandeld.termijnen.filter(soort=TermijnSoort.TERUGKOPPELING).exists()
    assert not vernietigd.termijnen.filter(soort=TermijnSoort.TERUGKOPPELING).exists()


def test_the_dashboard_lists_only_running_meldingen(cast, client_for):
    lopend, _afgehandeld, _vernietigd = _drie_meldingen(cast)
    with time_machine.travel(NU):
        response = client_for(cast.coordinator).get("/meldingen/")
    assert [t.melding_id for t in response.context["verlopen"]] == [lopend.pk]
    assert response.context["binnenkort"] == []
