import random

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from vertrouwenspersonen import demo, selectors
from vertrouwenspersonen.models import Activiteit, Dossier, Gesprek, Signaal

pytestmark = pytest.mark.django_db


def gebruikers(cast):
    return {
        "vp": cast.vp,
        "vp2": cast.vp2,
        "coordinator": cast.coordinator,
        "onderzoeker": cast.onderzoeker,
        "lezer": cast.lezer,
        "beheerder": cast.beheerder,
    }


def test_it_seeds_three_years_of_realistic_records(cast):
    summary = demo.seed(organisatie=cast.org, gebruikers=gebruikers(cast), rng=random.Random(7))
    assert "dossiers" in summary and "\n" not in summary
    jaar = timezone.localdate().year
    per_jaar = dict(Dossier.objects.values_list("eerste_contact__year").annotate(n=Count("id")))
    assert set(per_jaar) == {jaar - 3, jaar - 2, jaar - 1, jaar}
    assert all(80 <= per_jaar[y] <= 120 for y in (jaar - 3, jaar - 2, jaar - 1))
    assert 0 < per_jaar[jaar] < 30
    assert 250 <= Dossier.objects.count() <= 350
    # Spread over topics, units, months and both VPs; every dossier has a topic and a first gesprek.
    assert Dossier.onderwerpen.through.objects.values("categorie").distinct().count() >= 8
    assert Dossier.objects.values("onderdeel").distinct().count() == cast.org.onderdelen.count()
    assert Dossier.objects.values("eerste_contact__month").distinct().count() == 12
    assert set(Dossier.objects.values_list("eigenaar", flat=True)) == {cast.vp.pk, cast.vp2.pk}
    assert not Dossier.objects.filter(onderwerpen__isnull=True).exists()
    assert not Dossier.objects.filter(gesprekken__isnull=True).exists()
    assert Gesprek.objects.count() > Dossier.objects.count()
    assert Activiteit.objects.count() > 30 and Signaal.objects.count() > 10
    # The snapshot follows the memberships: vp is intern, vp2 extern.
    assert not Dossier.objects.filter(eigenaar=cast.vp, vp_extern=True).exists()
    assert not Dossier.objects.filter(eigenaar=cast.vp2, vp_extern=False).exists()
    # Closed dossiers have a closing date on or after the first contact; the constraint holds.
    for eerste, afgesloten in Dossier.objects.filter(status="afgesloten").values_list(
        "eerste_contact", "afgesloten_op"
    ):
        assert afgesloten >= eerste
    # The seeded records follow the visibility rule like any other.
    assert not selectors.dossiers_visible_to(cast.coordinator, cast.org).exists()


def test_it_is_deterministic_for_a_given_rng(cast):
    def run(seed):
        with transaction.atomic():
            demo.seed(organisatie=cast.org, gebruikers=gebruikers(cast), rng=random.Random(seed))
            fingerprint = [
                (
                    d.eerste_contact,
                    d.soort_contact,
                    d.status,
                    d.eigenaar_id,
                    d.onderdeel_id,
                    d.geslacht,
                    tuple(sorted(c.pk for c in d.onderwerpen.all())),
                    len(d.gesprekken.all()),
                )
                for d in Dossier.objects.order_by("id").prefetch_related("onderwerpen", "gesprekken")
            ]
            transaction.set_rollback(True)
        return fingerprint

    first = run(42)
    assert first == run(42)
    assert first != run(43)


def test_it_writes_only_the_fixed_synthetic_texts(cast):
    demo.seed(organisatie=cast.org, gebruikers=gebruikers(cast), rng=random.Random(1))
    assert set(Gesprek.objects.exclude(notitie="").values_list("notitie", flat=True)) <= set(demo.NOTITIES)
    assert set(Signaal.objects.values_list("thema", flat=True)) <= set(demo.SIGNAAL_THEMA)
    assert not Dossier.objects.exclude(notitie="").exists()


def test_closed_demo_dossiers_have_their_retention_date_as_the_service_sets_it(cast):
    from bewaren import termijn

    demo.seed(organisatie=cast.org, gebruikers=gebruikers(cast), rng=random.Random(7))
    maanden = termijn.maanden_voor(cast.org, Dossier.BEWAARREGISTER)
    for afgesloten, vernietigen in Dossier.objects.filter(status="afgesloten").values_list(
            "afgesloten_op", "vernietigen_op"):
        assert vernietigen == termijn.plus_maanden(afgesloten, maanden)
    assert not Dossier.objects.filter(status="open", vernietigen_op__isnull=False).exists()
