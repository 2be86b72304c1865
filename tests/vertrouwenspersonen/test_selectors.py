import datetime

import pytest
from django.utils import timezone

from accounts.models import Lidmaatschap
from tests.vertrouwenspersonen.factories import GesprekFactory, make_dossier, onderdeel_van, onderwerpen_van
from vertrouwenspersonen import selectors, services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def visible_ids(user, org):
    return set(selectors.dossiers_visible_to(user, org).values_list("pk", flat=True))


def test_it_shows_the_owner_their_dossier(cast):
    dossier = make_dossier(cast)
    assert visible_ids(cast.vp, cast.org) == {dossier.pk}


@pytest.mark.parametrize("role", ["vp2", "coordinator", "onderzoeker", "lezer", "beheerder", "outsider"])
def test_it_hides_dossier_from_everyone_else(cast, role):
    make_dossier(cast)
    user = cast.roles()[role]
    assert visible_ids(user, cast.org) == set()
    assert visible_ids(user, cast.other_org) == set()


def test_it_hides_dossier_from_other_vp(cast):
    own = make_dossier(cast, eigenaar=cast.vp2)
    make_dossier(cast, eigenaar=cast.vp)
    assert visible_ids(cast.vp2, cast.org) == {own.pk}


def test_it_hides_dossier_from_a_superuser(cast):
    make_dossier(cast)
    cast.beheerder.is_superuser = True
    cast.beheerder.save()
    assert visible_ids(cast.beheerder, cast.org) == set()


def test_it_scopes_to_the_organisation(cast):
    make_dossier(cast)
    assert visible_ids(cast.vp, cast.other_org) == set()
    assert visible_ids(cast.vp, None) == set()


def test_it_shows_a_shared_dossier_to_the_grantee_until_the_end_date(cast, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC), tick=False)
    dossier = make_dossier(cast, eerste_contact=datetime.date(2026, 6, 1))
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=datetime.date(2026, 7, 14), door=cast.vp)
    assert visible_ids(cast.vp2, cast.org) == {dossier.pk}
    time_machine.move_to(datetime.datetime(2026, 7, 14, 21, tzinfo=datetime.UTC), tick=False)  # 23:00 local
    assert visible_ids(cast.vp2, cast.org) == {dossier.pk}
    time_machine.move_to(datetime.datetime(2026, 7, 14, 22, 30, tzinfo=datetime.UTC), tick=False)  # next day
    assert visible_ids(cast.vp2, cast.org) == set()
    # The owner is unaffected.
    assert visible_ids(cast.vp, cast.org) == {dossier.pk}


def test_it_stops_showing_a_revoked_share(cast):
    dossier = make_dossier(cast)
    grant = services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    services.dossier_delen_intrekken(grant=grant, door=cast.vp)
    assert visible_ids(cast.vp2, cast.org) == set()


def test_it_hides_everything_once_the_vp_role_is_withdrawn(cast):
    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    Lidmaatschap.objects.filter(gebruiker__in=[cast.vp, cast.vp2], organisatie=cast.org).update(actief=False)
    assert visible_ids(cast.vp, cast.org) == set()
    assert visible_ids(cast.vp2, cast.org) == set()


def test_it_lists_each_shared_dossier_once(cast):
    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    for dagen in (20, 2, 9):
        GesprekFactory(dossier=dossier, datum=TODAY() - datetime.timedelta(days=dagen))
    rows = list(selectors.dossier_list(user=cast.vp2, organisatie=cast.org))
    assert [d.pk for d in rows] == [dossier.pk]
    assert rows[0].aantal_gesprekken == 3
    assert rows[0].laatste_gesprek == TODAY() - datetime.timedelta(days=2)


def test_a_dossier_without_gesprekken_lists_zero_and_no_last_date(cast):
    stil = make_dossier(cast)
    ander = make_dossier(cast)
    GesprekFactory(dossier=ander)
    [row] = [d for d in selectors.dossier_list(user=cast.vp, organisatie=cast.org) if d.pk == stil.pk]
    assert row.aantal_gesprekken == 0
    assert row.laatste_gesprek is None


def test_it_filters_the_list(cast):
    onderwerp_a, onderwerp_b = onderwerpen_van(cast.org, 2)
    units = list(cast.org.onderdelen.order_by("naam"))
    a = make_dossier(
        cast,
        onderwerpen=[onderwerp_a],
        onderdeel=units[0],
        soort_contact="melding",
        eerste_contact=datetime.date(2025, 3, 1),
    )
    b = make_dossier(
        cast,
        onderwerpen=[onderwerp_b],
        onderdeel=units[1],
        soort_contact="arbeidsconflict",
        eerste_contact=TODAY(),
    )
    services.dossier_afsluiten(dossier=a, datum=datetime.date(2025, 4, 1), door=cast.vp)

    def ids(**filters):
        return [d.pk for d in selectors.dossier_list(user=cast.vp, organisatie=cast.org, filters=filters)]

    assert ids(status="open") == [b.pk]
    assert ids(status="afgesloten") == [a.pk]
    assert ids(jaar=2025) == [a.pk]
    assert ids(onderwerp=onderwerp_b) == [b.pk]
    assert ids(onderdeel=units[0]) == [a.pk]
    assert ids(soort_contact="arbeidsconflict") == [b.pk]
    assert ids() == [b.pk, a.pk]


def test_it_finds_open_dossiers_without_a_recent_gesprek(cast):
    stil = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=60))
    recent = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=60))
    GesprekFactory(dossier=recent, datum=TODAY() - datetime.timedelta(days=50))
    GesprekFactory(dossier=recent, datum=TODAY() - datetime.timedelta(days=5))
    oud_gesprek = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=90))
    GesprekFactory(dossier=oud_gesprek, datum=TODAY() - datetime.timedelta(days=40))
    nieuw = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=3))
    dicht = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=60))
    services.dossier_afsluiten(dossier=dicht, datum=TODAY(), door=cast.vp)
    found = [d.pk for d in selectors.dossiers_zonder_recent_gesprek(user=cast.vp, organisatie=cast.org)]
    assert found == [stil.pk, oud_gesprek.pk]  # oldest last contact first
    assert nieuw.pk not in found


def test_it_counts_this_years_figures(cast):
    jaar = TODAY().year
    make_dossier(cast, soort_contact="melding", eerste_contact=datetime.date(jaar, 1, 5))
    d = make_dossier(cast, soort_contact="informatieverzoek", eerste_contact=datetime.date(jaar, 1, 6))
    make_dossier(cast, soort_contact="melding", eerste_contact=datetime.date(jaar - 1, 6, 1))
    make_dossier(cast, eigenaar=cast.vp2, soort_contact="melding", eerste_contact=datetime.date(jaar, 2, 1))
    GesprekFactory.create_batch(2, dossier=d)
    services.activiteit_opslaan(
        organisatie=cast.org, door=cast.vp, soort="training", datum=datetime.date(jaar, 3, 1), uren=2.5
    )
    cijfers = selectors.dashboard_cijfers(user=cast.vp, organisatie=cast.org, jaar=jaar)
    assert cijfers["totaal"] == 2
    assert cijfers["meldingen"] == 1
    assert cijfers["informatieverzoeken"] == 1
    assert cijfers["gesprekken"] == 2
    assert cijfers["activiteiten"] == 1
    assert float(cijfers["activiteiten_uren"]) == 2.5


def test_it_offers_only_other_active_vps_of_the_organisation_to_share_with(cast):
    dossier = make_dossier(cast)
    assert list(selectors.deelbare_vps(dossier=dossier)) == [cast.vp2]


def test_it_offers_the_units_and_topics_valid_today(cast):
    units = selectors.onderdelen(organisatie=cast.org)
    assert set(units) == set(cast.org.onderdelen.all())
    assert onderdeel_van(cast.other_org) not in units
    topics = selectors.vp_onderwerpen(organisatie=cast.org)
    assert all(t.organisatie_id == cast.org.pk and t.soort == "vp_onderwerp" for t in topics)
