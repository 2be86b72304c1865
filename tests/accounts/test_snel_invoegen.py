"""snel_invoegen gives bulk_create's result, on PostgreSQL through COPY: ids, auto_now values, encryption, JSON,
and every constraint and trigger of the table."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from accounts import snel_invoegen as si
from accounts.audit import AuditEntry, audit_bulk, nieuwe_regel, verify_chain
from accounts.encryption import PREFIX
from meldingen.models import Melding
from taxonomie.models import Categorie, Soort
from vertrouwenspersonen.models import Activiteit

pytestmark = pytest.mark.django_db


@pytest.fixture
def drempel_nul(monkeypatch):
    monkeypatch.setattr(si, "DREMPEL", 0)  # the COPY path also for the few rows a test writes


def _meldingen(cast, n):
    onderwerp = Categorie.objects.van(cast.org, Soort.INTEGRITEIT_ONDERWERP).first()
    return [Melding(organisatie=cast.org, kenmerk=f"2024-{i:03d}", jaar=2024, volgnummer=i,
                    ontvangen_op=datetime.date(2024, 1, 1) + datetime.timedelta(days=i), kanaal="coordinator", bron="intern", spoor="integriteit",
                    onderwerp=onderwerp, omschrijving=f"Geheime omschrijving {i}") for i in range(1, n + 1)]


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_it_saves_like_bulk_create_ids_auto_now_and_encryption(cast, drempel_nul):
    objs = si.snel_invoegen(_meldingen(cast, 3))
    assert all(m.pk for m in objs) and len({m.pk for m in objs}) == 3
    assert all(not m._state.adding for m in objs)
    fresh = list(Melding.objects.filter(pk__in=[m.pk for m in objs]).order_by("volgnummer"))
    assert [m.omschrijving for m in fresh] == ["Geheime omschrijving 1", "Geheime omschrijving 2",
                                               "Geheime omschrijving 3"]
    assert all(m.aangemaakt_op is not None and m.gewijzigd_op is not None for m in fresh)
    stored = _raw("SELECT omschrijving FROM meldingen_melding WHERE id = %s", [objs[0].pk])[0][0]
    assert stored.startswith(PREFIX) and "Geheime" not in stored
    # The sequence moved on: an ordinary save afterwards gets a new id.
    later = _meldingen(cast, 4)[3]
    later.save()
    assert later.pk > max(m.pk for m in objs)


def test_decimal_and_nullable_fields_and_foreign_keys_arrive_as_written(cast, drempel_nul):
    [a] = si.snel_invoegen([Activiteit(organisatie=cast.org, eigenaar=cast.vp, soort="voorlichting",
                                       datum=datetime.date(2024, 2, 1), uren=Decimal("1.5"), deelnemers=None)])
    fresh = Activiteit.objects.get(pk=a.pk)
    assert (fresh.uren, fresh.deelnemers, fresh.eigenaar_id, fresh.omschrijving) == (Decimal("1.5"), None, cast.vp.pk, "")


def test_a_violated_constraint_fails_and_writes_nothing(cast, drempel_nul):
    dubbel = _meldingen(cast, 2)
    dubbel[1].kenmerk = dubbel[0].kenmerk
    with pytest.raises(IntegrityError), transaction.atomic():
        si.snel_invoegen(dubbel)
    assert not Melding.objects.exists()


def test_audit_entries_appended_in_bulk_form_an_intact_chain(cast, drempel_nul):
    audit_bulk([nieuwe_regel("test_bulk", organisatie=cast.org, details={"n": i}) for i in range(5)])
    assert list(AuditEntry.objects.filter(actie="test_bulk").order_by("id").values_list("details", flat=True)) == [
        {"n": i} for i in range(5)]
    assert verify_chain()[1] is None


def test_it_refuses_a_mix_of_models(cast):
    with pytest.raises(TypeError):
        si.snel_invoegen([*_meldingen(cast, 1), Activiteit()])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_on_postgresql_the_rows_go_through_copy(cast, drempel_nul, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the ids from the sequence, then COPY: not one INSERT per batch
        si.snel_invoegen(_meldingen(cast, 50))
    assert Melding.objects.count() == 50
