import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meldingen.models import Betrokkene, Feitenonderzoek, Maatregel, Melding, Status
from tests.meldingen.factories import MeldingFactory, categorie


def _detail(client, melding):
    return client.get(reverse("meldingen:detail", args=[melding.pk]))


def test_a_coordinator_takes_a_melding_from_receipt_to_afgehandeld_in_the_browser(cast, client_for):
    c = client_for(cast.coordinator)
    today = timezone.localdate()
    onderwerp = categorie(cast.org)
    response = c.post(reverse("meldingen:nieuw"), {
        "ontvangen_op": today.isoformat(), "kanaal": "coordinator", "bron": "intern", "spoor": "integriteit",
        "onderwerp": onderwerp.pk, "omschrijving": "Synthetische melding over declaraties", "melder_identiteit": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    melding = Melding.objects.get()
    assert melding.kenmerk == f"{today.year}-001"
    termijn = melding.termijnen.get()
    c.post(reverse("meldingen:termijn_voldaan", args=[melding.pk, termijn.pk]), {"voldaan_op": today.isoformat()})
    assert melding.termijnen.count() == 2

    def status(naar, reden=""):
        melding.refresh_from_db()
        return c.post(reverse("meldingen:status", args=[melding.pk]),
                      {"naar": naar, "reden": reden, "versie": melding.versie})

    assert status("in_behandeling").status_code == 302
    c.post(reverse("meldingen:onderzoek_nieuw", args=[melding.pk]), {
        "opdrachtgever": "Directeur Publiekszaken", "uitvoering": "extern_bureau", "bureau": "Bureau Feitenvinding",
        "startdatum": today.isoformat(),
    })
    onderzoek = Feitenonderzoek.objects.get()
    c.post(reverse("meldingen:onderzoek_toewijzen", args=[onderzoek.pk]), {"onderzoeker": cast.onderzoeker.pk})
    assert status("feitenonderzoek").status_code == 302
    c.post(reverse("meldingen:onderzoek_bewerken", args=[onderzoek.pk]), {
        "versie": onderzoek.versie, "opdrachtgever": onderzoek.opdrachtgever, "uitvoering": "extern_bureau",
        "bureau": "Bureau Feitenvinding", "startdatum": today.isoformat(), "einddatum": today.isoformat(),
        "hoor_en_wederhoor": "on", "conclusie": "Schending vastgesteld",
    })
    assert status("besluitvorming").status_code == 302
    c.post(reverse("meldingen:betrokkene_nieuw", args=[melding.pk]), {
        "functiecategorie": "medewerker", "bevinding": categorie(cast.org, "bevinding").pk})
    betrokkene = Betrokkene.objects.get()
    c.post(reverse("meldingen:maatregel_nieuw", args=[melding.pk, betrokkene.pk]), {
        "soort": categorie(cast.org, "maatregel").pk, "besloten_op": today.isoformat()})
    assert Maatregel.objects.filter(betrokkene=betrokkene).count() == 1
    melding.refresh_from_db()
    form = {f: getattr(melding, f) for f in ("kanaal", "bron", "spoor")}
    c.post(reverse("meldingen:bewerken", args=[melding.pk]), {
        **form, "ontvangen_op": today.isoformat(), "onderwerp": onderwerp.pk, "omschrijving": melding.omschrijving,
        "beoordeling": "feitenonderzoek", "versie": melding.versie,
    })
    no_reason = status("afgehandeld")
    assert no_reason.status_code == 200 and "Geef een reden" in no_reason.content.decode()
    assert status("afgehandeld", "Besluit genomen en maatregel opgelegd").status_code == 302
    melding.refresh_from_db()
    assert melding.status == Status.AFGEHANDELD
    page = _detail(c, melding).content.decode()
    assert "Besluit genomen" in page and "B1" in page


def test_second_coordinator_gets_a_clear_message_instead_of_losing_an_update(cast, client_for, melding):
    first, second = client_for(cast.coordinator), client_for(cast.coordinator)
    stale = melding.versie
    base = {"ontvangen_op": melding.ontvangen_op.isoformat(), "kanaal": "coordinator", "bron": "intern",
            "spoor": "integriteit", "onderwerp": melding.onderwerp_id, "omschrijving": melding.omschrijving,
            "versie": stale}
    assert first.post(reverse("meldingen:bewerken", args=[melding.pk]), {**base, "kanaal": "meldpunt"}).status_code == 302
    response = second.post(reverse("meldingen:bewerken", args=[melding.pk]), {
        **base, "kanaal": "anoniem", "omschrijving": "Tekst van de tweede"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Iemand anders heeft deze melding intussen gewijzigd" in body
    assert "Tekst van de tweede" in body  # what they typed is kept
    melding.refresh_from_db()
    assert melding.kanaal == "meldpunt" and melding.omschrijving != "Tekst van de tweede"


def test_it_keeps_typed_input_and_explains_errors_on_create(cast, client_for):
    response = client_for(cast.coordinator).post(reverse("meldingen:nieuw"), {
        "ontvangen_op": "", "kanaal": "coordinator", "bron": "intern", "spoor": "integriteit",
        "omschrijving": "Mijn getypte tekst",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mijn getypte tekst" in body and "Kies een onderwerp." in body and "datum van ontvangst" in body
    assert not Melding.objects.exists()


def test_list_filters_by_status_year_and_overdue(cast, client_for):
    old = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2024, 3, 1))
    new = MeldingFactory(organisatie=cast.org, door=cast.coordinator, spoor="ongewenst_gedrag")
    c = client_for(cast.coordinator)

    def pks(query):
        return {m.pk for m in c.get(reverse("meldingen:lijst") + query).context["page_obj"].object_list}

    assert pks("?jaar=2024") == {old.pk}
    assert pks("?verlopen=on") == {old.pk}
    assert pks("?spoor=ongewenst_gedrag") == {new.pk}
    assert pks("?status=afgehandeld") == set()


@pytest.mark.parametrize("url_name", ["meldingen:lijst", "meldingen:dashboard", "meldingen:onderzoeken"])
def test_list_pages_use_a_constant_number_of_queries(cast, client_for, django_assert_max_num_queries, url_name):
    from meldingen import services
    from tests.meldingen.factories import onderzoek

    def add(n):
        for _ in range(n):
            m = MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(2025, 1, 6))
            services.onderzoek_assign(onderzoek=onderzoek(m, cast.coordinator), onderzoeker=cast.onderzoeker,
                                      door=cast.coordinator)

    user = cast.onderzoeker if url_name == "meldingen:onderzoeken" else cast.coordinator
    c = client_for(user)
    add(2)
    c.get(reverse(url_name))  # warm up session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse(url_name)).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few)):
        assert c.get(reverse(url_name)).status_code == 200


def test_the_year_filter_runs_from_this_year_to_the_first_year_with_a_melding(cast, client_for):
    jaar = timezone.localdate().year
    MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(jaar - 3, 3, 1))
    MeldingFactory(organisatie=cast.other_org, door=cast.coordinator, ontvangen_op=datetime.date(jaar - 9, 3, 1))
    page = client_for(cast.coordinator).get(reverse("meldingen:lijst")).content.decode()
    jaarveld = page[page.index('name="jaar"'):]
    keuzes = re.findall(r'<option value="(\d{4})"', jaarveld[:jaarveld.index("</select>")])
    assert keuzes == [str(jaar - i) for i in range(4)]  # also the year without a melding in between


def test_selects_have_one_empty_choice_text_and_never_djangos_dashes(cast, client_for):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator)
    c = client_for(cast.coordinator)
    for path in (reverse("meldingen:nieuw"), reverse("meldingen:betrokkene_nieuw", args=[melding.pk]),
                 reverse("meldingen:onderzoek_nieuw", args=[melding.pk])):
        page = c.get(path).content.decode()
        assert "---------" not in page, path
        assert "— kies —" in page or "— niet vastgelegd —" in page, path
