"""An imported closed record gets its destruction date while importing, exactly as closing it in the app sets it
(not only later from the nightly backfill)."""

import datetime

import pytest
from django.utils import timezone

from bewaren.models import Bewaartermijn, Register
from meldingen import services as mservices
from meldingen.models import Melding
from tests.reports.conftest import Builder
from tests.uitwisseling.conftest import dossier, integriteit, maak_csv, melding, vp_import
from uitwisseling.models import ImportRegel
from vertrouwenspersonen import services as vpservices
from vertrouwenspersonen.models import Dossier

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def termijnen(cast):
    # Terms of this organisation that differ from the defaults and from each other, ending on a short month.
    Bewaartermijn.objects.create(organisatie=cast.org, register=Register.VP, maanden=13)
    Bewaartermijn.objects.create(organisatie=cast.org, register=Register.MELDINGEN, maanden=61)


def test_an_imported_closed_dossier_gets_the_date_closing_it_in_the_app_gives(cast, termijnen):
    resultaat = vp_import(cast, maak_csv([dossier(datum_afgesloten="2023-03-31"), dossier(kenmerk="A2")]))
    assert resultaat.ok
    gesloten = Dossier.objects.get(pk=ImportRegel.objects.get(kenmerk="A1").object_id)
    open_ = Dossier.objects.get(pk=ImportRegel.objects.get(kenmerk="A2").object_id)
    assert open_.vernietigen_op is None
    in_de_app = Builder(cast).dossier(datum=D(2023, 3, 10))
    vpservices.dossier_afsluiten(dossier=in_de_app, datum=D(2023, 3, 31), door=cast.vp)
    in_de_app.refresh_from_db()
    assert gesloten.vernietigen_op == in_de_app.vernietigen_op == D(2024, 4, 30)


def test_an_imported_afgehandelde_melding_gets_the_date_closing_it_in_the_app_gives(cast, termijnen):
    resultaat = integriteit(cast, maak_csv([melding(datum_afgehandeld="2023-03-31"),
                                            melding(kenmerk="2023-002")]))
    assert resultaat.ok, [f.als_tekst() for f in resultaat.fouten]
    afgehandeld = Melding.objects.get(organisatie=cast.org, kenmerk="2023-001")
    assert Melding.objects.get(organisatie=cast.org, kenmerk="2023-002").vernietigen_op is None
    in_de_app = Builder(cast).melding(datum=D(2023, 3, 10))
    in_de_app = mservices.melding_update(melding=in_de_app, door=cast.coordinator, versie=in_de_app.versie,
                                         beoordeling="geen_redelijk_vermoeden")
    for naar, op in (("in_behandeling", D(2023, 3, 11)), ("afgehandeld", D(2023, 3, 31))):
        in_de_app.refresh_from_db()
        mservices.melding_change_status(
            melding=in_de_app, naar=naar, door=cast.coordinator, versie=in_de_app.versie, reden="klaar",
            op=timezone.make_aware(datetime.datetime.combine(op, datetime.time(12))))
    in_de_app.refresh_from_db()
    assert afgehandeld.vernietigen_op == in_de_app.vernietigen_op == D(2028, 4, 30)
