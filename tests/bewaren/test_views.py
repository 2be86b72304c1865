"""The beheerder sets the terms and sees the destruction log (metadata only); the owner extends with a reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry
from bewaren import services
from bewaren.models import Bewaartermijn, Register
from tests.bewaren.test_retention import GEHEIM, _gesloten_dossier
from vertrouwenspersonen.models import Dossier

D = datetime.date


def test_the_beheerder_sets_the_terms(cast, client_for):
    client = client_for(cast.beheerder, cast.org)
    response = client.post(reverse("bewaren:beheer"), {"vertrouwenspersonen": "18", "meldingen": "84", "activiteiten": "36"})
    assert response.status_code == 302
    assert {t.register: t.maanden for t in Bewaartermijn.objects.filter(organisatie=cast.org)} == {
        Register.VP: 18, Register.MELDINGEN: 84, Register.ACTIVITEITEN: 36}
    assert AuditEntry.objects.filter(actie="bewaartermijn_ingesteld").count() == 3
    assert client.post(reverse("bewaren:beheer"), {"vertrouwenspersonen": "0", "meldingen": "x"}).status_code == 200


def test_the_destruction_log_shows_metadata_only(cast, client_for):
    _gesloten_dossier(cast)
    services.vernietigen(today=D(2025, 1, 1))
    page = client_for(cast.beheerder, cast.org).get(reverse("bewaren:beheer")).content.decode()
    assert "vertrouwenspersonen: 12 maanden na afsluiten" in page
    assert GEHEIM not in page and "VP-2023" not in page


def test_the_owner_extends_with_a_reason_and_the_page_shows_the_date(cast, client_for):
    dossier = _gesloten_dossier(cast)
    client = client_for(cast.vp, cast.org)
    detail = client.get(reverse("vertrouwenspersonen:dossier", args=[dossier.pk])).content.decode()
    assert "01-06-2024" in detail
    tot = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(reverse("bewaren:dossier_verlengen", args=[dossier.pk]),
                           {"tot": tot.isoformat(), "reden": "Klachtprocedure loopt nog"})
    assert response.status_code == 302
    assert Dossier.objects.get().vernietigen_op == tot


def test_a_vp_covering_a_holiday_cannot_extend(cast, client_for):
    dossier = _gesloten_dossier(cast)  # shared with vp2 until today
    response = client_for(cast.vp2, cast.org).get(reverse("bewaren:dossier_verlengen", args=[dossier.pk]))
    assert response.status_code == 404


def test_the_dashboards_list_what_is_destroyed_within_30_days(cast, client_for):
    from tests.bewaren.test_retention import _afgehandelde_melding

    dossier = _gesloten_dossier(cast)
    melding = _afgehandelde_melding(cast)
    binnenkort = timezone.localdate() + datetime.timedelta(days=10)
    Dossier.objects.filter(pk=dossier.pk).update(vernietigen_op=binnenkort)
    type(melding).objects.filter(pk=melding.pk).update(vernietigen_op=binnenkort)
    datum = binnenkort.strftime("%d-%m-%Y")
    assert datum in client_for(cast.vp, cast.org).get(reverse("vertrouwenspersonen:dashboard")).content.decode()
    assert datum in client_for(cast.coordinator, cast.org).get(reverse("meldingen:dashboard")).content.decode()
    assert datum not in client_for(cast.vp2, cast.org).get(reverse("vertrouwenspersonen:dashboard")).content.decode()


def test_a_destroyed_record_takes_no_new_text(cast):
    from django.core.exceptions import ValidationError

    from meldingen import services as mservices
    from tests.bewaren.test_retention import _afgehandelde_melding
    from vertrouwenspersonen import services as vpservices

    dossier = _gesloten_dossier(cast)
    melding = _afgehandelde_melding(cast)
    services.vernietigen(today=D(2030, 1, 1))
    dossier.refresh_from_db()
    melding.refresh_from_db()
    with pytest.raises(ValidationError):
        vpservices.dossier_update(dossier=dossier, door=cast.vp, notitie="nieuw")
    with pytest.raises(ValidationError):
        vpservices.dossier_heropenen(dossier=dossier, door=cast.vp)
    with pytest.raises(ValidationError):
        mservices.logboek_add(melding=melding, door=cast.coordinator, notitie="nieuw")
    with pytest.raises(ValidationError):
        mservices.melding_change_status(melding=melding, naar="heropend", door=cast.coordinator,
                                        versie=melding.versie, reden="opnieuw")
