"""VP kenmerken count per organisation and year of the first contact (VP-2026-001), like the coordinator's register;
dossiers numbered before keep the kenmerk they were shown with."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from tests.vertrouwenspersonen.factories import make_dossier
from vertrouwenspersonen import services
from vertrouwenspersonen.models import Dossier, KenmerkTeller

migratie = importlib.import_module("vertrouwenspersonen.migrations.0007_bestaande_kenmerken")


def _op(dag: str) -> dict:
    return {"eerste_contact": datetime.date.fromisoformat(dag)}


def test_it_numbers_per_year_of_first_contact(cast):
    eerste = make_dossier(cast, **_op("2026-01-05"))
    tweede = make_dossier(cast, eigenaar=cast.vp2, **_op("2026-02-01"))
    vorig_jaar = make_dossier(cast, **_op("2025-12-31"))
    assert (eerste.kenmerk, tweede.kenmerk, vorig_jaar.kenmerk) == ("VP-2026-001", "VP-2026-002", "VP-2025-001")
    assert (tweede.jaar, tweede.volgnummer) == (2026, 2)
    assert str(tweede) == "VP-2026-002"


def test_each_organisation_counts_its_own(cast):
    make_dossier(cast, **_op("2026-01-05"))
    elders = make_dossier(cast, eigenaar=cast.outsider, org=cast.other_org, **_op("2026-03-01"))
    assert elders.kenmerk == "VP-2026-001"


def test_the_register_counts_apart_from_the_meldingen_register(cast):
    from tests.meldingen.factories import MeldingFactory

    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2026, 1, 2))
    dossier = make_dossier(cast, **_op("2026-01-05"))
    assert melding.kenmerk == "2026-001" and dossier.kenmerk == "VP-2026-001"


def test_an_import_numbers_its_dossiers_by_first_contact(cast):
    from tests.uitwisseling.conftest import dossier, maak_csv, vp_import

    bestaand = make_dossier(cast, **_op("2023-01-02"))
    rijen = [dossier(kenmerk="L", datum_eerste_contact="2023-09-01"),
             dossier(kenmerk="V", datum_eerste_contact="2023-02-01")]
    assert vp_import(cast, maak_csv(rijen)).ok
    nieuw = Dossier.objects.exclude(pk=bestaand.pk).order_by("eerste_contact")
    assert [d.kenmerk for d in nieuw] == ["VP-2023-002", "VP-2023-003"]


def test_the_first_contact_cannot_move_to_another_year(cast):
    dossier = make_dossier(cast, **_op("2026-01-05"))
    with pytest.raises(ValidationError) as fout:
        services.dossier_update(dossier=dossier, door=cast.vp, eerste_contact=datetime.date(2025, 12, 30))
    assert "kan niet naar een ander jaar" in str(fout.value)
    dossier.refresh_from_db()
    assert dossier.eerste_contact == datetime.date(2026, 1, 5) and dossier.kenmerk == "VP-2026-001"
    services.dossier_update(dossier=dossier, door=cast.vp, eerste_contact=datetime.date(2026, 1, 4))
    dossier.refresh_from_db()
    assert dossier.kenmerk == "VP-2026-001"


def test_existing_dossiers_keep_their_kenmerk_and_new_ones_follow_the_highest(cast):
    """The data migration: what a dossier was shown as before (VP-<year>-<id>) becomes its stored kenmerk."""
    oud = [make_dossier(cast, **_op("2026-01-05")), make_dossier(cast, eigenaar=cast.vp2, **_op("2026-02-05")),
           make_dossier(cast, **_op("2024-06-01"))]
    KenmerkTeller.objects.all().delete()  # as before the migration: no counters yet
    migratie.bestaande_kenmerken(apps, None)
    for dossier in oud:
        dossier.refresh_from_db()
        assert dossier.kenmerk == f"VP-{dossier.eerste_contact.year}-{dossier.pk}"
    nieuw = make_dossier(cast, **_op("2026-03-01"))
    assert nieuw.volgnummer == oud[1].pk + 1 and nieuw.kenmerk == Dossier.kenmerk_voor(2026, oud[1].pk + 1)
    # A year without dossiers from before starts at 001.
    assert make_dossier(cast, **_op("2025-03-01")).kenmerk == "VP-2025-001"
