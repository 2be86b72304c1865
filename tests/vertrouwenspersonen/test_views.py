import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry
from tests.vertrouwenspersonen.factories import (
    ActiviteitFactory,
    GesprekFactory,
    SignaalFactory,
    make_dossier,
    onderdeel_van,
    onderwerpen_van,
)
from vertrouwenspersonen import services
from vertrouwenspersonen.models import Activiteit, Dossier, DossierUserObjectPermission, Gesprek, Signaal

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def url(name, *args):
    return reverse(f"vertrouwenspersonen:{name}", args=args)


DOSSIER_PAGES = ["dossier", "dossier_wijzigen", "gesprek_nieuw", "dossier_afsluiten", "dossier_delen"]


# --- visibility -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", DOSSIER_PAGES)
@pytest.mark.parametrize("role", ["vp2", "outsider"])
def test_it_hides_dossier_from_other_vp(cast, client_for, role, page):
    dossier = make_dossier(cast)
    response = client_for(cast.roles()[role]).get(url(page, dossier.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "onderzoeker", "lezer", "beheerder"])
def test_it_refuses_every_vp_page_to_other_roles(cast, client_for, role):
    dossier = make_dossier(cast)
    client = client_for(cast.roles()[role])
    for page in ["dashboard", "dossiers", "dossier_nieuw", "activiteiten", "signalen"]:
        assert client.get(url(page)).status_code == 403
    # The VP register hides its objects from every other role: a dossier URL is a 404, not a 403 (hide_objects).
    for page in DOSSIER_PAGES:
        assert client.get(url(page, dossier.pk)).status_code == 404
    assert client.post(url("dossier_heropenen", dossier.pk)).status_code == 404


def test_it_answers_a_guessed_id_the_same_as_a_hidden_one(cast, client_for):
    hidden = make_dossier(cast)
    client = client_for(cast.vp2)
    assert client.get(url("dossier", hidden.pk)).status_code == 404
    assert client.get(url("dossier", hidden.pk + 1000)).status_code == 404


def test_it_does_not_list_other_vps_dossiers(cast, client_for):
    hidden = make_dossier(cast, eigenaar=cast.vp)
    own = make_dossier(cast, eigenaar=cast.vp2)
    for page in ("dossiers", "dashboard"):
        body = client_for(cast.vp2).get(url(page)).content.decode()
        assert hidden.kenmerk not in body
        assert own.kenmerk in body
    outsider_body = client_for(cast.outsider).get(url("dossiers")).content.decode()
    assert hidden.kenmerk not in outsider_body and own.kenmerk not in outsider_body


def test_it_lets_a_grantee_open_and_follow_up_a_shared_dossier(cast, client_for):
    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    client = client_for(cast.vp2)
    response = client.get(url("dossier", dossier.pk))
    assert response.status_code == 200
    assert "tijdelijk met u gedeeld" in response.content.decode()
    assert dossier.kenmerk in client.get(url("dossiers")).content.decode()
    response = client.post(
        url("gesprek_nieuw", dossier.pk),
        {"datum": TODAY().isoformat(), "vorm": "telefonisch", "duur_minuten": "20"},
    )
    assert response.status_code == 302
    assert Gesprek.objects.get(dossier=dossier).gevoerd_door == cast.vp2
    # Sharing onwards is the owner's decision.
    assert client.get(url("dossier_delen", dossier.pk)).status_code == 403


def test_it_stops_an_expired_grant_in_the_browser(cast, client_for, time_machine):
    time_machine.move_to(datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC), tick=False)
    dossier = make_dossier(cast, eerste_contact=datetime.date(2026, 7, 20))
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=datetime.date(2026, 8, 7), door=cast.vp)
    client = client_for(cast.vp2)
    assert client.get(url("dossier", dossier.pk)).status_code == 200
    time_machine.move_to(datetime.datetime(2026, 8, 8, 9, tzinfo=datetime.UTC), tick=False)
    client = client_for(cast.vp2)
    assert client.get(url("dossier", dossier.pk)).status_code == 404
    assert dossier.kenmerk not in client.get(url("dossiers")).content.decode()
    assert (
        client.post(
            url("gesprek_nieuw", dossier.pk), {"datum": "2026-08-08", "vorm": "fysiek", "duur_minuten": "30"}
        ).status_code
        == 404
    )


# --- audit ------------------------------------------------------------------------------------------------------


def test_it_audits_every_read_of_a_dossier(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    client.get(url("dossier", dossier.pk))
    client.get(url("dossier_wijzigen", dossier.pk))
    reads = AuditEntry.objects.filter(actie="dossier_gelezen", object_id=str(dossier.pk))
    assert reads.count() == 2
    assert set(reads.values_list("gebruiker_id", flat=True)) == {cast.vp.pk}
    assert all(set(r.details) == set() for r in reads)


def test_it_does_not_audit_a_refused_read_as_a_read(cast, client_for):
    dossier = make_dossier(cast)
    client_for(cast.vp2).get(url("dossier", dossier.pk))
    assert not AuditEntry.objects.filter(actie="dossier_gelezen", gebruiker_id=cast.vp2.pk).exists()


def test_it_shows_the_owner_who_opened_their_dossier(cast, client_for):
    dossier = make_dossier(cast)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    client_for(cast.vp2).get(url("dossier", dossier.pk))
    body = client_for(cast.vp).get(url("dossier", dossier.pk)).content.decode()
    assert "Wie opende of wijzigde dit dossier" in body
    assert cast.vp2.email in body
    log = body.split("Wie opende of wijzigde dit dossier")[1]
    assert "geopend" in log and "gedeeld" in log and "dossier_gelezen" not in log
    # The grantee does not see the owner's access log.
    grantee_body = client_for(cast.vp2).get(url("dossier", dossier.pk)).content.decode()
    assert "Wie opende of wijzigde dit dossier" not in grantee_body


# --- register a first contact -----------------------------------------------------------------------------------


def first_contact_data(cast, **overrides):
    data = {
        "eerste_contact": TODAY().isoformat(),
        "soort_contact": "melding",
        "onderwerpen": [c.pk for c in onderwerpen_van(cast.org, 2)],
        "onderdeel": onderdeel_van(cast.org).pk,
        "geslacht": "vrouw",
        "relatie_veroorzaker": "leidinggevende",
        "hulpvragen": ["uiten"],
        "verzuim": "nee",
        "verwijzingen": ["hr", "bedrijfsarts"],
        "vervolgen": [],
        "resultaat": "",
        "notitie": "Synthetische notitie over de situatie",
    }
    data.update(overrides)
    return data


def test_it_offers_a_quick_first_contact_form(cast, client_for):
    body = client_for(cast.vp).get(url("dossier_nieuw")).content.decode()
    assert f'value="{TODAY().isoformat()}"' in body
    checkboxes = re.findall(r'type="checkbox"[^>]*name="onderwerpen"', body)
    assert len(checkboxes) == cast.org.categorieen.filter(soort="vp_onderwerp").count()
    assert "Schrijf hier geen namen" in body
    assert "Stadhuis" not in body  # another organisation's unit


def test_it_registers_a_first_contact_from_the_browser(cast, client_for):
    response = client_for(cast.vp).post(url("dossier_nieuw"), first_contact_data(cast))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == url("dossier", dossier.pk)
    assert dossier.eigenaar == cast.vp and dossier.organisatie == cast.org
    assert sorted(dossier.verwijzingen.values_list("waarde", flat=True)) == ["bedrijfsarts", "hr"]
    assert AuditEntry.objects.filter(actie="dossier_aangemaakt", object_id=str(dossier.pk)).exists()


def test_it_keeps_what_was_typed_when_the_form_has_errors(cast, client_for):
    data = first_contact_data(cast, onderwerpen=[], notitie="Tekst die blijft staan")
    response = client_for(cast.vp).post(url("dossier_nieuw"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies ten minste één onderwerp." in body
    assert "Tekst die blijft staan" in body
    assert not Dossier.objects.exists()


def test_it_refuses_a_first_contact_in_the_future(cast, client_for):
    data = first_contact_data(cast, eerste_contact=(TODAY() + datetime.timedelta(days=2)).isoformat())
    body = client_for(cast.vp).post(url("dossier_nieuw"), data).content.decode()
    assert "kan niet in de toekomst liggen" in body
    assert not Dossier.objects.exists()


def test_it_refuses_a_posted_unit_of_another_organisation(cast, client_for):
    data = first_contact_data(cast, onderdeel=onderdeel_van(cast.other_org).pk)
    response = client_for(cast.vp).post(url("dossier_nieuw"), data)
    assert response.status_code == 200
    assert not Dossier.objects.exists()


def test_it_edits_a_dossier(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    form_page = client.get(url("dossier_wijzigen", dossier.pk)).content.decode()
    assert 'value="bedrijfsarts"' in form_page and "checked" in form_page
    data = first_contact_data(
        cast,
        eerste_contact=dossier.eerste_contact.isoformat(),
        resultaat="bespreekbaar",
        verwijzingen=["mediation"],
    )
    assert client.post(url("dossier_wijzigen", dossier.pk), data).status_code == 302
    dossier.refresh_from_db()
    assert dossier.resultaat == "bespreekbaar"
    assert list(dossier.verwijzingen.values_list("waarde", flat=True)) == ["mediation"]


def test_it_refuses_to_move_the_first_contact_past_a_gesprek(cast, client_for):
    dossier = make_dossier(cast)
    services.gesprek_create(
        dossier=dossier, door=cast.vp, datum=dossier.eerste_contact + datetime.timedelta(days=2), vorm="fysiek",
        duur_minuten=30,
    )
    later = dossier.eerste_contact + datetime.timedelta(days=3)
    data = first_contact_data(cast, eerste_contact=later.isoformat())
    response = client_for(cast.vp).post(url("dossier_wijzigen", dossier.pk), data)
    assert response.status_code == 200
    assert "Het eerste contact kan niet na een gesprek in dit dossier liggen." in response.content.decode()
    assert response.context["form"].errors["eerste_contact"]
    dossier.refresh_from_db()
    assert dossier.eerste_contact == later - datetime.timedelta(days=3)
    # Up to the day of the first gesprek is fine.
    op_de_dag = dossier.eerste_contact + datetime.timedelta(days=2)
    services.dossier_update(dossier=dossier, door=cast.vp, eerste_contact=op_de_dag)
    assert Dossier.objects.get(pk=dossier.pk).eerste_contact == op_de_dag


# --- follow-up, close, reopen -----------------------------------------------------------------------------------


def test_it_adds_a_gesprek_and_shows_it_in_the_timeline(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    response = client.post(
        url("gesprek_nieuw", dossier.pk),
        {
            "datum": TODAY().isoformat(),
            "vorm": "online",
            "duur_minuten": "50",
            "notitie": "Vervolgafspraak gemaakt",
        },
    )
    assert response.status_code == 302
    body = client.get(url("dossier", dossier.pk)).content.decode()
    assert "50 minuten" in body and "Vervolgafspraak gemaakt" in body


def test_it_closes_and_reopens_a_dossier(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    page = client.get(url("dossier_afsluiten", dossier.pk)).content.decode()
    assert f'value="{TODAY().isoformat()}"' in page
    response = client.post(
        url("dossier_afsluiten", dossier.pk),
        {"afgesloten_op": TODAY().isoformat(), "resultaat": "zelf_hanteren"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "afgesloten" and dossier.afgesloten_op == TODAY()
    assert client.get(url("gesprek_nieuw", dossier.pk)).status_code == 302  # closed: back to the dossier
    assert client.get(url("dossier_heropenen", dossier.pk)).status_code == 405
    assert client.post(url("dossier_heropenen", dossier.pk)).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "open" and dossier.afgesloten_op is None


def test_it_refuses_a_closing_date_before_the_first_contact(cast, client_for):
    dossier = make_dossier(cast)
    response = client_for(cast.vp).post(
        url("dossier_afsluiten", dossier.pk),
        {"afgesloten_op": (dossier.eerste_contact - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "vóór de datum van het eerste contact" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "open"


# --- sharing ----------------------------------------------------------------------------------------------------


def test_it_shares_and_revokes_from_the_browser(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    page = client.get(url("dossier_delen", dossier.pk)).content.decode()
    assert cast.vp2.email in page and cast.coordinator.email not in page and cast.outsider.email not in page
    tot = TODAY() + datetime.timedelta(days=10)
    response = client.post(
        url("dossier_delen", dossier.pk), {"met": cast.vp2.pk, "geldig_tot": tot.isoformat()}
    )
    assert response.status_code == 302
    grant = DossierUserObjectPermission.objects.get()
    assert (grant.user, grant.geldig_tot) == (cast.vp2, tot)
    assert client_for(cast.vp2).get(url("dossier", dossier.pk)).status_code == 200
    # Only the owner revokes; the grantee gets 403.
    assert client_for(cast.vp2).post(url("dossier_delen_intrekken", dossier.pk, grant.pk)).status_code == 403
    assert client.post(url("dossier_delen_intrekken", dossier.pk, grant.pk)).status_code == 302
    assert not DossierUserObjectPermission.objects.exists()
    assert client_for(cast.vp2).get(url("dossier", dossier.pk)).status_code == 404


def test_it_refuses_to_share_with_a_coordinator_by_posting_their_id(cast, client_for):
    dossier = make_dossier(cast)
    response = client_for(cast.vp).post(
        url("dossier_delen", dossier.pk), {"met": cast.coordinator.pk, "geldig_tot": TODAY().isoformat()}
    )
    assert response.status_code == 200
    assert not DossierUserObjectPermission.objects.exists()


def test_it_does_not_revoke_a_grant_through_another_dossier(cast, client_for):
    a = make_dossier(cast)
    b = make_dossier(cast)
    grant = services.dossier_delen(dossier=a, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)
    assert client_for(cast.vp).post(url("dossier_delen_intrekken", b.pk, grant.pk)).status_code == 404
    assert DossierUserObjectPermission.objects.filter(pk=grant.pk).exists()


# --- lists and query counts -------------------------------------------------------------------------------------


def _populate(cast, n):
    for i in range(n):
        d = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=40 + i % 30))
        GesprekFactory(dossier=d)
        if i % 3 == 0:
            services.dossier_delen(dossier=d, met=cast.vp2, geldig_tot=TODAY(), door=cast.vp)


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["dossiers", "dashboard"])
def test_it_renders_lists_in_a_constant_number_of_queries(cast, client_for, page, django_assert_num_queries):
    _populate(cast, 3)
    client = client_for(cast.vp)
    client.get(url(page))  # warm up session and caches
    few = _queries(client, url(page))
    _populate(cast, 27)
    with django_assert_num_queries(few):
        response = client.get(url(page))
    assert response.status_code == 200
    assert Dossier.objects.count() == 30


def test_it_renders_the_grantees_list_in_a_constant_number_of_queries(
    cast, client_for, django_assert_num_queries
):
    _populate(cast, 3)
    client = client_for(cast.vp2)
    client.get(url("dossiers"))
    few = _queries(client, url("dossiers"))
    _populate(cast, 27)
    with django_assert_num_queries(few):
        body = client.get(url("dossiers")).content.decode()
    assert body.count("gedeeld met u") == 10


def test_it_paginates_the_list(cast, client_for):
    _populate(cast, 27)
    client = client_for(cast.vp)
    first = client.get(url("dossiers")).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(url("dossiers") + "?page=2").content.decode()
    assert len(re.findall(r'href="/vertrouwenspersoon/dossiers/\d+/"', second)) == 2


def test_it_filters_the_list_in_the_browser(cast, client_for):
    make_dossier(cast, soort_contact="arbeidsconflict")
    melding = make_dossier(cast, soort_contact="melding")
    body = client_for(cast.vp).get(url("dossiers") + "?soort_contact=melding&status=open").content.decode()
    assert len(re.findall(r'href="/vertrouwenspersoon/dossiers/\d+/"', body)) == 1
    assert melding.kenmerk in body


def test_it_ignores_nonsense_filters(cast, client_for):
    dossier = make_dossier(cast)
    response = client_for(cast.vp).get(url("dossiers") + "?jaar=abc&onderwerp=999999&status=x")
    assert response.status_code == 200
    assert dossier.kenmerk in response.content.decode()


def test_it_tells_a_new_vp_what_to_do_when_empty(cast, client_for):
    client = client_for(cast.vp)
    assert "Eerste contact vastleggen" in client.get(url("dossiers")).content.decode()
    assert "Nog geen activiteiten" in client.get(url("activiteiten")).content.decode()
    assert "Nog geen signalen" in client.get(url("signalen")).content.decode()


def test_it_shows_open_dossiers_without_recent_contact_on_the_dashboard(cast, client_for):
    stil = make_dossier(cast, eerste_contact=TODAY() - datetime.timedelta(days=45))
    body = client_for(cast.vp).get(url("dashboard")).content.decode()
    section = body.split("zonder gesprek in de afgelopen 30 dagen")[1].split("</section>")[0]
    assert stil.kenmerk in section


# --- activiteiten and signalen ----------------------------------------------------------------------------------


def test_it_registers_an_activity(cast, client_for):
    client = client_for(cast.vp)
    response = client.post(
        url("activiteit_nieuw"),
        {
            "soort": "voorlichting",
            "datum": TODAY().isoformat(),
            "uren": "1.5",
            "deelnemers": "25",
            "omschrijving": "Teamoverleg Publiekszaken",
        },
    )
    assert response.status_code == 302
    activiteit = Activiteit.objects.get()
    assert (activiteit.eigenaar, str(activiteit.uren)) == (cast.vp, "1.5")
    assert "Teamoverleg Publiekszaken" in client.get(url("activiteiten")).content.decode()
    response = client.post(
        url("activiteit_wijzigen", activiteit.pk),
        {"soort": "training", "datum": TODAY().isoformat(), "uren": "3"},
    )
    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.soort == "training"


def test_it_hides_activities_and_signals_of_another_vp(cast, client_for):
    activiteit = ActiviteitFactory(organisatie=cast.org, eigenaar=cast.vp, omschrijving="Alleen-voor-vp")
    signaal = SignaalFactory(organisatie=cast.org, eigenaar=cast.vp, thema="Thema-van-vp")
    client = client_for(cast.vp2)
    assert "Alleen-voor-vp" not in client.get(url("activiteiten")).content.decode()
    assert "Thema-van-vp" not in client.get(url("signalen")).content.decode()
    assert client.get(url("activiteit_wijzigen", activiteit.pk)).status_code == 404
    assert client.get(url("signaal_wijzigen", signaal.pk)).status_code == 404


def test_it_registers_a_signal_and_explains_errors(cast, client_for):
    client = client_for(cast.vp)
    response = client.post(
        url("signaal_nieuw"), {"datum": TODAY().isoformat(), "aan": "", "thema": "Werkdruk"}
    )
    assert response.status_code == 200 and "Werkdruk" in response.content.decode()
    response = client.post(
        url("signaal_nieuw"), {"datum": TODAY().isoformat(), "aan": "or", "thema": "Werkdruk"}
    )
    assert response.status_code == 302
    assert Signaal.objects.get().get_aan_display() == "Ondernemingsraad"


def test_it_edits_a_signal_and_refuses_a_post_to_another_vps(cast, client_for):
    signaal = SignaalFactory(organisatie=cast.org, eigenaar=cast.vp, thema="Oud-thema", aan="directie")
    client = client_for(cast.vp)
    form_page = client.get(url("signaal_wijzigen", signaal.pk))
    assert form_page.context["signaal"] == signaal and "Oud-thema" in form_page.content.decode()
    data = {"datum": TODAY().isoformat(), "aan": "hr", "thema": "Nieuw-thema"}
    assert client.post(url("signaal_wijzigen", signaal.pk), data).status_code == 302
    signaal.refresh_from_db()
    assert (signaal.aan, signaal.thema) == ("hr", "Nieuw-thema")
    assert sorted(AuditEntry.objects.get(actie="signaal_gewijzigd").details["velden"]) == ["aan", "thema"]
    activiteit = ActiviteitFactory(organisatie=cast.org, eigenaar=cast.vp)
    anders = client_for(cast.vp2)
    assert anders.post(url("signaal_wijzigen", signaal.pk), data).status_code == 404
    assert anders.post(url("activiteit_wijzigen", activiteit.pk),
                       {"soort": "training", "datum": TODAY().isoformat(), "uren": "3"}).status_code == 404
    activiteit.refresh_from_db()
    assert activiteit.soort == "voorlichting" and Signaal.objects.get().thema == "Nieuw-thema"


# --- menu and page hygiene --------------------------------------------------------------------------------------


def test_it_shows_the_menu_only_to_vps(cast, client_for):
    assert url("dossiers") in client_for(cast.vp).get(url("dashboard")).content.decode()
    assert (
        url("dossiers") not in client_for(cast.coordinator).get(reverse("accounts:profiel")).content.decode()
    )


def test_it_renders_pages_without_inline_script_or_style(cast, client_for):
    dossier = make_dossier(cast, notitie="x")
    GesprekFactory(dossier=dossier)
    client = client_for(cast.vp)
    pages = [
        url(p)
        for p in (
            "dashboard",
            "dossiers",
            "dossier_nieuw",
            "activiteiten",
            "activiteit_nieuw",
            "signalen",
            "signaal_nieuw",
        )
    ]
    pages += [url(p, dossier.pk) for p in DOSSIER_PAGES]
    for path in pages:
        body = client.get(path).content.decode()
        assert ' style="' not in body, path
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", body), path


def test_it_corrects_a_gesprek_and_audits_the_fields(cast, client_for):
    dossier = make_dossier(cast)
    gesprek = services.gesprek_create(dossier=dossier, door=cast.vp, datum=TODAY(), vorm="fysiek",
                                      duur_minuten=30, notitie="Oude notitie")
    client = client_for(cast.vp)
    page = client.get(url("gesprek_wijzigen", dossier.pk, gesprek.pk)).content.decode()
    assert "Oude notitie" in page
    response = client.post(url("gesprek_wijzigen", dossier.pk, gesprek.pk), {
        "datum": TODAY().isoformat(), "vorm": "online", "duur_minuten": "45", "notitie": "Nieuwe notitie"})
    assert response.status_code == 302
    gesprek.refresh_from_db()
    assert (gesprek.vorm, gesprek.duur_minuten, gesprek.notitie) == ("online", 45, "Nieuwe notitie")
    entry = AuditEntry.objects.get(actie="gesprek_gewijzigd")
    assert sorted(entry.details["velden"]) == ["duur_minuten", "notitie", "vorm"]
    assert entry.object_id == str(dossier.pk)


def test_it_does_not_reach_a_gesprek_through_another_dossier(cast, client_for):
    own = make_dossier(cast)
    hidden = make_dossier(cast, eigenaar=cast.vp2)
    gesprek = GesprekFactory(dossier=hidden)
    assert client_for(cast.vp).get(url("gesprek_wijzigen", own.pk, gesprek.pk)).status_code == 404
    assert client_for(cast.vp).get(url("gesprek_wijzigen", hidden.pk, gesprek.pk)).status_code == 404


def test_dossier_urls_do_not_exist_for_other_roles(cast, client_for):
    """Issue 3: coordinators, onderzoekers, report readers and beheerders get a 404 on a dossier URL, as if guessed."""
    from django.urls import reverse

    from tests.vertrouwenspersonen.factories import make_dossier

    dossier = make_dossier(cast, eigenaar=cast.vp)
    for user in (cast.coordinator, cast.onderzoeker, cast.lezer, cast.beheerder, cast.vp2, cast.outsider):
        client = client_for(user)
        for name in ("vertrouwenspersonen:dossier", "vertrouwenspersonen:dossier_wijzigen"):
            assert client.get(reverse(name, kwargs={"pk": dossier.pk})).status_code == 404, (user, name)
            assert client.get(reverse(name, kwargs={"pk": dossier.pk + 1000})).status_code == 404, (user, name)


def test_an_untouched_gesprek_form_saves_nothing_and_asks_for_form_and_duration(cast, client_for):
    dossier = make_dossier(cast)
    client = client_for(cast.vp)
    page = client.get(url("gesprek_nieuw", dossier.pk)).content.decode()
    assert 'name="duur_minuten"' in page and 'value="60"' not in page
    assert not re.search(r'name="vorm"[^>]*checked', page)
    response = client.post(url("gesprek_nieuw", dossier.pk), {"datum": TODAY().isoformat(), "notitie": "Blijft staan"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies hoe het gesprek gevoerd is." in body and "Vul de duur van het gesprek in minuten in." in body
    assert "Blijft staan" in body
    assert not dossier.gesprekken.exists()


def test_the_first_contact_form_records_the_first_gesprek_in_the_same_step(cast, client_for):
    data = first_contact_data(cast, eerste_contact=(TODAY() - datetime.timedelta(days=2)).isoformat(),
                              eerste_gesprek="on", gesprek_vorm="telefonisch", gesprek_duur_minuten="35")
    assert client_for(cast.vp).post(url("dossier_nieuw"), data).status_code == 302
    dossier = Dossier.objects.get()
    gesprek = dossier.gesprekken.get()
    assert (gesprek.datum, gesprek.vorm, gesprek.duur_minuten, gesprek.gevoerd_door) == (
        dossier.eerste_contact, "telefonisch", 35, cast.vp)
    assert AuditEntry.objects.filter(actie="gesprek_toegevoegd", object_id=str(dossier.pk)).count() == 1


def test_a_first_gesprek_without_form_or_duration_saves_neither_dossier_nor_gesprek(cast, client_for):
    body = client_for(cast.vp).post(url("dossier_nieuw"), first_contact_data(cast, eerste_gesprek="on")).content.decode()
    assert "Kies hoe het gesprek gevoerd is." in body and "Vul de duur van het gesprek in minuten in." in body
    assert not Dossier.objects.exists()
    # Form and duration typed without ticking the box: no gesprek is made up.
    data = first_contact_data(cast, gesprek_vorm="online", gesprek_duur_minuten="20")
    assert client_for(cast.vp).post(url("dossier_nieuw"), data).status_code == 302
    assert not Dossier.objects.get().gesprekken.exists()


def test_editing_a_dossier_does_not_offer_a_first_gesprek(cast, client_for):
    dossier = make_dossier(cast)
    assert 'name="eerste_gesprek"' in client_for(cast.vp).get(url("dossier_nieuw")).content.decode()
    assert 'name="eerste_gesprek"' not in client_for(cast.vp).get(url("dossier_wijzigen", dossier.pk)).content.decode()


def test_the_year_filter_starts_at_the_first_year_with_a_dossier(cast, client_for):
    jaar = TODAY().year
    make_dossier(cast, eerste_contact=datetime.date(jaar - 2, 3, 1))
    make_dossier(cast, eigenaar=cast.vp2, eerste_contact=datetime.date(jaar - 5, 3, 1))  # not this VP's
    page = client_for(cast.vp).get(url("dossiers")).content.decode()
    jaarveld = page[page.index('name="jaar"'):]
    keuzes = re.findall(r'<option value="(\d{4})"', jaarveld[:jaarveld.index("</select>")])
    assert keuzes == [str(jaar), str(jaar - 1), str(jaar - 2)]
