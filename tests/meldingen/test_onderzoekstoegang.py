"""Need-to-know that ends (issue 18 §2): once an investigation is finished or its melding closed, the assigned
onderzoeker may only read it, and after the organisation's number of days (default 30) not even that; "Mijn
onderzoeken" separates running from finished. Coordinators keep their register."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry
from meldingen import services
from meldingen.selectors import bijlagen_visible_to, onderzoeken_assigned_to, onderzoeken_visible_to
from tests.meldingen.factories import MeldingFactory, onderzoek

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate


@pytest.fixture
def toegewezen(cast):
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator,
                             ontvangen_op=VANDAAG() - datetime.timedelta(days=120))
    o = onderzoek(melding, cast.coordinator, startdatum=melding.ontvangen_op + datetime.timedelta(days=5))
    services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    return o


def _afronden(o, coordinator, dagen_geleden: int):
    o.refresh_from_db()
    services.onderzoek_update(onderzoek=o, door=coordinator, versie=o.versie,
                              einddatum=VANDAAG() - datetime.timedelta(days=dagen_geleden))
    o.refresh_from_db()
    return o


def _urls(o):
    return {n: reverse(f"meldingen:{n}", args=[o.pk]) for n in ("onderzoek_detail", "onderzoek_bewerken",
                                                                 "onderzoek_rapport")}


def test_a_running_investigation_can_be_read_and_changed_by_its_onderzoeker(cast, client_for, toegewezen):
    c = client_for(cast.onderzoeker)
    assert all(c.get(url).status_code == 200 for url in _urls(toegewezen).values())


def test_a_finished_investigation_is_read_only_for_the_onderzoeker_and_the_refusal_is_audited(
        cast, client_for, toegewezen):
    o = _afronden(toegewezen, cast.coordinator, dagen_geleden=5)
    c = client_for(cast.onderzoeker)
    urls = _urls(o)
    detail = c.get(urls["onderzoek_detail"]).content.decode()
    assert "alleen nog lezen" in detail and "Voortgang vastleggen" not in detail
    assert c.get(urls["onderzoek_bewerken"]).status_code == 403
    assert c.post(urls["onderzoek_bewerken"], {"versie": o.versie, "conclusie": "later toegevoegd"}).status_code == 403
    assert c.get(urls["onderzoek_rapport"]).status_code == 403
    o.refresh_from_db()
    assert o.conclusie != "later toegevoegd"
    assert AuditEntry.objects.filter(actie="feitenonderzoek_wijzigen_geweigerd", object_id=str(o.pk),
                                     gebruiker_id=cast.onderzoeker.pk).count() == 3
    # The coordinator still edits it.
    assert client_for(cast.coordinator).get(urls["onderzoek_bewerken"]).status_code == 200


def test_after_the_reading_time_the_investigation_is_gone_for_the_onderzoeker(cast, client_for, toegewezen):
    o = _afronden(toegewezen, cast.coordinator, dagen_geleden=31)
    c = client_for(cast.onderzoeker)
    for url in _urls(o).values():
        assert c.get(url).status_code == 404, url
    assert not onderzoeken_assigned_to(cast.onderzoeker, cast.org).exists()
    assert not onderzoeken_visible_to(cast.onderzoeker, cast.org).exists()
    assert not bijlagen_visible_to(cast.onderzoeker, cast.org).exists()
    assert client_for(cast.coordinator).get(_urls(o)["onderzoek_detail"]).status_code == 200


def test_the_reading_time_is_the_organisations_setting(cast, client_for, toegewezen):
    o = _afronden(toegewezen, cast.coordinator, dagen_geleden=31)
    services.onderzoekstoegang_set(organisatie=cast.org, dagen=60, door=cast.coordinator)
    assert client_for(cast.onderzoeker).get(_urls(o)["onderzoek_detail"]).status_code == 200
    services.onderzoekstoegang_set(organisatie=cast.org, dagen=0, door=cast.coordinator)
    assert client_for(cast.onderzoeker).get(_urls(o)["onderzoek_detail"]).status_code == 404
    assert AuditEntry.objects.filter(actie="registerinstelling_gewijzigd").count() == 2


def _afhandelen(melding, coordinator, dagen_geleden: int):
    services.melding_update(melding=melding, door=coordinator, versie=melding.versie, beoordeling="feitenonderzoek")
    melding.refresh_from_db()
    for naar, extra in (("in_behandeling", 1), ("afgehandeld", 0)):
        services.melding_change_status(melding=melding, naar=naar, door=coordinator, versie=melding.versie,
                                       reden="klaar", op=timezone.now() - datetime.timedelta(days=dagen_geleden + extra))
        melding.refresh_from_db()


def test_a_closed_melding_ends_the_onderzoekers_write_access_too(cast, client_for, toegewezen):
    _afhandelen(toegewezen.melding, cast.coordinator, dagen_geleden=0)
    c = client_for(cast.onderzoeker)
    assert c.get(_urls(toegewezen)["onderzoek_detail"]).status_code == 200
    assert c.get(_urls(toegewezen)["onderzoek_bewerken"]).status_code == 403


def test_a_melding_closed_longer_ago_than_the_reading_time_is_gone_for_the_onderzoeker(cast, client_for, toegewezen):
    _afhandelen(toegewezen.melding, cast.coordinator, dagen_geleden=31)
    assert toegewezen.melding.afgehandeld_op == VANDAAG() - datetime.timedelta(days=31)
    assert client_for(cast.onderzoeker).get(_urls(toegewezen)["onderzoek_detail"]).status_code == 404


def test_mijn_onderzoeken_separates_running_from_finished(cast, client_for, toegewezen):
    tweede = onderzoek(toegewezen.melding, cast.coordinator, startdatum=toegewezen.startdatum)
    services.onderzoek_assign(onderzoek=tweede, onderzoeker=cast.onderzoeker, door=cast.coordinator)
    _afronden(tweede, cast.coordinator, dagen_geleden=2)
    response = client_for(cast.onderzoeker).get(reverse("meldingen:onderzoeken"))
    assert [o.pk for o in response.context["lopend"]] == [toegewezen.pk]
    assert [o.pk for o in response.context["page_obj"].object_list] == [tweede.pk]
    assert "Lopend" in response.content.decode() and "Afgerond" in response.content.decode()


def test_the_coordinator_sets_the_reading_time_on_the_settings_page(cast, client_for):
    c = client_for(cast.coordinator)
    assert 'name="onderzoekstoegang_dagen"' in c.get(reverse("meldingen:instellingen")).content.decode()
    fout = c.post(reverse("meldingen:instellingen"), {"onderzoekstoegang_dagen": "400"})
    assert fout.status_code == 200 and "0 tot en met 365" in fout.content.decode()
    c.post(reverse("meldingen:instellingen"), {"onderzoekstoegang_dagen": "14"})
    from meldingen.onderzoekstoegang import toegang_dagen

    assert toegang_dagen(cast.org) == 14
