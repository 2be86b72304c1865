"""Functioneel beheer: organisational units with valid-from / valid-until, never deleted."""

import datetime

import pytest
from django.urls import reverse

from accounts.audit import AuditEntry
from accounts.models import Organisatieonderdeel, Rol
from accounts.services import onderdeel_hernoemen_per_datum
from tests.conftest import make_user


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder)


def _unit(org, naam: str) -> Organisatieonderdeel:
    return Organisatieonderdeel.objects.get(organisatie=org, naam=naam)


def test_list_shows_current_and_retired_units_of_this_organisation_only(cast, beheer):
    ruimte = _unit(cast.org, "Ruimte")
    ruimte.geldig_tot = datetime.date(2020, 12, 31)
    ruimte.save()
    html = beheer.get(reverse("beheer:onderdelen")).content.decode()
    for naam in ("Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering"):
        assert naam in html
    assert "31-12-2020" in html and "ingetrokken" in html and "actueel" in html
    assert "Stadhuis" not in html
    assert "hernoemen per datum" in html


def test_create_unit(cast, beheer):
    response = beheer.post(reverse("beheer:onderdeel_nieuw"), {"naam": " Wijkteams ", "geldig_van": "2026-01-01"})
    assert response.status_code == 302 and response["Location"] == reverse("beheer:onderdelen")
    unit = _unit(cast.org, "Wijkteams")
    assert unit.geldig_van == datetime.date(2026, 1, 1) and unit.geldig_tot is None
    entry = AuditEntry.objects.filter(actie="onderdeel_aangemaakt").latest("id")
    assert entry.organisatie_id == cast.org.pk and entry.gebruiker_id == cast.beheerder.pk


def test_create_form_defaults_to_the_first_of_january(cast, beheer):
    form = beheer.get(reverse("beheer:onderdeel_nieuw")).context["form"]
    initial = form["geldig_van"].value()
    assert initial.month == 1 and initial.day == 1


def test_duplicate_name_gets_a_clear_message_and_keeps_input(cast, beheer):
    response = beheer.post(reverse("beheer:onderdeel_nieuw"), {"naam": "publiekszaken", "geldig_van": "2026-03-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "al een organisatieonderdeel met de naam" in html and 'value="publiekszaken"' in html
    assert Organisatieonderdeel.objects.filter(organisatie=cast.org, naam__iexact="publiekszaken").count() == 1


def test_same_name_in_another_organisation_is_fine(cast, beheer):
    response = beheer.post(reverse("beheer:onderdeel_nieuw"), {"naam": "Stadhuis", "geldig_van": "2026-01-01"})
    assert response.status_code == 302


def test_edit_renames_and_retires(cast, beheer):
    unit = _unit(cast.org, "Ruimte")
    url = reverse("beheer:onderdeel_wijzigen", args=[unit.pk])
    assert beheer.get(url).status_code == 200
    response = beheer.post(url, {"naam": "Ruimte en Wonen", "geldig_tot": "2025-12-31"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.naam == "Ruimte en Wonen" and unit.geldig_tot == datetime.date(2025, 12, 31)
    entry = AuditEntry.objects.filter(actie="onderdeel_gewijzigd").latest("id")
    assert entry.details == {"velden": ["naam", "geldig_tot"]} and entry.object_id == str(unit.pk)


def test_edit_refuses_an_end_before_the_start_and_a_taken_name(cast, beheer):
    unit = _unit(cast.org, "Ruimte")
    url = reverse("beheer:onderdeel_wijzigen", args=[unit.pk])
    response = beheer.post(url, {"naam": "Ruimte", "geldig_tot": "1999-01-01"})
    assert "vóór de begindatum" in response.content.decode()
    response = beheer.post(url, {"naam": "Sociaal domein", "geldig_tot": ""})
    assert "al een organisatieonderdeel met de naam" in response.content.decode()
    unit.refresh_from_db()
    assert unit.naam == "Ruimte" and unit.geldig_tot is None


def test_rename_per_date_retires_the_old_unit_and_starts_a_new_one(cast, beheer):
    unit = _unit(cast.org, "Sociaal Domein")
    response = beheer.post(reverse("beheer:onderdeel_hernoemen", args=[unit.pk]),
                           {"nieuwe_naam": "Samenleving", "per_datum": "2026-01-01"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.naam == "Sociaal Domein" and unit.geldig_tot == datetime.date(2025, 12, 31)
    nieuw = _unit(cast.org, "Samenleving")
    assert nieuw.geldig_van == datetime.date(2026, 1, 1) and nieuw.geldig_tot is None
    assert list(Organisatieonderdeel.objects.filter(organisatie=cast.org).geldig_in_jaar(2025)
                .filter(naam__in=["Sociaal Domein", "Samenleving"]).values_list("naam", flat=True)) == ["Sociaal Domein"]
    entry = AuditEntry.objects.filter(actie="onderdeel_hernoemd").latest("id")
    assert entry.details == {"vorig_onderdeel_id": unit.pk, "per_datum": "2026-01-01"}


def test_rename_per_date_validates(cast, beheer):
    unit = _unit(cast.org, "Publiekszaken")
    url = reverse("beheer:onderdeel_hernoemen", args=[unit.pk])
    response = beheer.post(url, {"nieuwe_naam": "Dienstverlening", "per_datum": "1999-01-01"})
    assert response.status_code == 200 and "na de begindatum" in response.content.decode()
    response = beheer.post(url, {"nieuwe_naam": "Ruimte", "per_datum": "2026-01-01"})
    assert "al een organisatieonderdeel met de naam" in response.content.decode()
    response = beheer.post(url, {"nieuwe_naam": "", "per_datum": ""})
    assert response.status_code == 200
    unit.refresh_from_db()
    assert unit.geldig_tot is None
    assert beheer.get(url).status_code == 405


def test_rename_service_is_atomic(cast):
    from django.core.exceptions import ValidationError

    unit = _unit(cast.org, "Ruimte")
    Organisatieonderdeel.objects.create(organisatie=cast.org, naam="Wonen", geldig_van=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        onderdeel_hernoemen_per_datum(onderdeel=unit, nieuwe_naam="Wonen", per_datum=datetime.date(2026, 1, 1))
    unit.refresh_from_db()
    assert unit.geldig_tot is None


def test_units_of_another_organisation_are_404_both_ways(cast, beheer, client_for):
    stadhuis = _unit(cast.other_org, "Stadhuis")
    assert beheer.get(reverse("beheer:onderdeel_wijzigen", args=[stadhuis.pk])).status_code == 404
    assert beheer.post(reverse("beheer:onderdeel_wijzigen", args=[stadhuis.pk]),
                       {"naam": "Gekaapt"}).status_code == 404
    assert beheer.post(reverse("beheer:onderdeel_hernoemen", args=[stadhuis.pk]),
                       {"nieuwe_naam": "Gekaapt", "per_datum": "2026-01-01"}).status_code == 404
    stadhuis.refresh_from_db()
    assert stadhuis.naam == "Stadhuis" and stadhuis.geldig_tot is None

    beheerder_b = client_for(make_user("beheer@anderstad.test", cast.other_org, Rol.BEHEERDER))
    ruimte = _unit(cast.org, "Ruimte")
    assert beheerder_b.get(reverse("beheer:onderdeel_wijzigen", args=[ruimte.pk])).status_code == 404
    assert beheerder_b.post(reverse("beheer:onderdeel_hernoemen", args=[ruimte.pk]),
                            {"nieuwe_naam": "X", "per_datum": "2026-01-01"}).status_code == 404
    html = beheerder_b.get(reverse("beheer:onderdelen")).content.decode()
    assert "Stadhuis" in html and "Ruimte" not in html
