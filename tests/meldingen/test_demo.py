import random

from meldingen import demo
from meldingen.models import Feitenonderzoek, Maatregel, Melding, Status, Termijn
from meldingen.selectors import onderzoeken_assigned_to


def _gebruikers(cast):
    return {"vp": cast.vp, "vp2": cast.vp2, "coordinator": cast.coordinator, "onderzoeker": cast.onderzoeker,
            "lezer": cast.lezer, "beheerder": cast.beheerder}


def test_demo_seed_fills_three_years_in_every_status_with_investigations_and_overdue(cast):
    summary = demo.seed(organisatie=cast.org, gebruikers=_gebruikers(cast), rng=random.Random(7))
    meldingen = Melding.objects.filter(organisatie=cast.org)
    assert 100 <= meldingen.count() <= 140
    assert {2023, 2024, 2025, 2026} <= set(meldingen.values_list("jaar", flat=True))
    assert set(meldingen.values_list("status", flat=True)) == set(Status.values)
    assert Feitenonderzoek.objects.filter(melding__organisatie=cast.org).exists()
    assert onderzoeken_assigned_to(cast.onderzoeker, cast.org).exists()
    assert Maatregel.objects.filter(betrokkene__melding__organisatie=cast.org).exists()
    assert Termijn.objects.filter(melding__organisatie=cast.org, voldaan_op__isnull=True).exists()
    assert summary.startswith("meldingenregister:") and "\n" not in summary
    assert "meldingen" in summary


def test_demo_seed_is_deterministic_and_does_not_run_twice(cast):
    from accounts.models import Rol
    from accounts.services import organisatie_create
    from tests.conftest import make_user

    twin = organisatie_create(naam="Gemeente Tweeling", slug="tweeling", indeling="rijk",
                              onderdelen=["Publiekszaken", "Ruimte", "Sociaal Domein", "Bedrijfsvoering"])
    twin_users = {**_gebruikers(cast), "coordinator": make_user("c@tweeling.test", twin, Rol.COORDINATOR),
                  "onderzoeker": make_user("o@tweeling.test", twin, Rol.ONDERZOEKER)}
    first = demo.seed(organisatie=cast.org, gebruikers=_gebruikers(cast), rng=random.Random(3))
    second = demo.seed(organisatie=twin, gebruikers=twin_users, rng=random.Random(3))

    def shape(org):
        return list(Melding.objects.filter(organisatie=org).order_by("kenmerk")
                    .values_list("kenmerk", "status", "spoor", "kanaal", "ontvangen_op"))

    assert first == second
    assert shape(cast.org) == shape(twin)
    again = demo.seed(organisatie=cast.org, gebruikers=_gebruikers(cast), rng=random.Random(3))
    assert "al gevuld" in again
    assert shape(cast.org) == shape(twin)


def test_demo_data_is_realistic_spoor_follows_onderwerp_both_bronnen_several_onderzoekers_open_caseloads_differ(cast):
    import datetime

    from django.db.models import Q

    from accounts.models import Rol
    from meldingen.models import spoor_bij_onderwerp
    from tests.conftest import make_user

    tweede = make_user("olga@voorbeeldstad.test", cast.org, Rol.ONDERZOEKER)
    demo.seed(organisatie=cast.org, gebruikers={**_gebruikers(cast), "onderzoeker2": tweede}, rng=random.Random(7))
    meldingen = Melding.objects.filter(organisatie=cast.org).select_related("onderwerp")
    assert all(m.spoor == spoor_bij_onderwerp(m.onderwerp) for m in meldingen)
    assert set(meldingen.values_list("bron", flat=True)) == {"intern", "extern"}
    assert onderzoeken_assigned_to(cast.onderzoeker, cast.org).exists()
    assert onderzoeken_assigned_to(tweede, cast.org).exists()

    def open_op(jaar):
        peildatum = datetime.date(jaar, 12, 31)
        return meldingen.filter(ontvangen_op__lte=peildatum).exclude(
            Q(status=Status.AFGEHANDELD, afgehandeld_op__lte=peildatum)).count()

    assert len({open_op(jaar) for jaar in (2023, 2024, 2025)}) > 1
