"""The audit log as a beheerder reads it: Dutch action labels, the object as its kenmerk (never content), who did
it by name and role; filters by object, person and period; pagination; the filtered rows as CSV, itself audited."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditEntry, audit, verify_chain
from accounts.models import User
from meldingen import services as meldingen_services
from tests.meldingen.factories import MeldingFactory, onderzoek
from tests.vertrouwenspersonen.factories import make_dossier

LOG = reverse("beheer:audit")
EXPORT = reverse("beheer:audit_export")
GEHEIM = "Synthetische omschrijving nummer"  # what MeldingFactory writes into the encrypted description


@pytest.fixture
def beheer(cast, client_for):
    return client_for(cast.beheerder)


def _melding(cast, dag: int = 1, org=None, door=None):
    return MeldingFactory(organisatie=org or cast.org, door=door or cast.coordinator,
                          ontvangen_op=datetime.date(2026, 1, dag))


def _regels(response) -> list[dict]:
    return response.context["regels"]


def _tabel(response) -> str:
    html = response.content.decode()
    return html[html.index("<tbody>"):html.index("</tbody>")]


def _csv(response) -> list[dict]:
    tekst = b"".join(response.streaming_content).decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(tekst[1:]), delimiter=";"))


def test_actions_read_as_dutch_labels_not_codes(cast, beheer):
    _melding(cast)
    response = beheer.get(LOG, {"actie": "melding_aangemaakt"})
    assert [r["actie"] for r in _regels(response)] == ["Melding geregistreerd"]
    tabel = _tabel(response)
    assert "Melding geregistreerd" in tabel and "melding_aangemaakt" not in tabel
    # The action filter offers the labels too.
    keuzes = dict(response.context["form"].fields["actie"].choices)
    assert keuzes["melding_aangemaakt"] == "Melding geregistreerd"


def test_the_object_is_its_kenmerk_and_never_content(cast, beheer, client_for):
    melding = _melding(cast)
    onderzoek(melding, cast.coordinator)
    dossier = make_dossier(cast)
    client_for(cast.vp).get(reverse("vertrouwenspersonen:dossier", args=[dossier.pk]))
    response = beheer.get(LOG)
    objecten = {r["object"] for r in _regels(response)}
    assert {"Melding 2026-001", "Feitenonderzoek bij 2026-001", f"Dossier {dossier.kenmerk}"} <= objecten
    html = response.content.decode()
    assert GEHEIM not in html and "meldingen.melding" not in html and "vertrouwenspersonen.dossier" not in html


def test_who_is_shown_by_name_and_role(cast, beheer):
    User.objects.filter(pk=cast.coordinator.pk).update(naam="Carla de Coördinator")
    _melding(cast)
    [regel] = _regels(beheer.get(LOG, {"actie": "melding_aangemaakt"}))
    assert regel["naam"] == "Carla de Coördinator" and regel["rollen"] == "Integriteitscoördinator"
    assert cast.coordinator.email not in _tabel(beheer.get(LOG, {"actie": "melding_aangemaakt"}))


def test_filter_by_kenmerk_shows_the_melding_and_what_belongs_to_it(cast, beheer):
    eerste = _melding(cast, 1)
    tweede = _melding(cast, 2)
    onderzoek(eerste, cast.coordinator)
    meldingen_services.logboek_add(melding=tweede, door=cast.coordinator, notitie="Gebeld")
    objecten = {r["object"] for r in _regels(beheer.get(LOG, {"kenmerk": " 2026-001 "}))}
    assert objecten == {"Melding 2026-001", "Feitenonderzoek bij 2026-001"}
    # The start of a kenmerk finds both; a VP kenmerk finds the dossier.
    assert {r["object"] for r in _regels(beheer.get(LOG, {"kenmerk": "2026-00"}))} >= {
        "Melding 2026-001", "Melding 2026-002"}
    dossier = make_dossier(cast)
    assert {r["object"] for r in _regels(beheer.get(LOG, {"kenmerk": dossier.kenmerk.lower()}))} == {
        f"Dossier {dossier.kenmerk}"}


def test_filter_by_kenmerk_never_reaches_another_organisation(cast, beheer):
    _melding(cast, 1)
    elders = _melding(cast, 1, org=cast.other_org, door=cast.outsider)
    assert elders.kenmerk == "2026-001"
    regels = _regels(beheer.get(LOG, {"kenmerk": "2026-001"}))
    assert regels and all(r["entry"].organisatie_id == cast.org.pk for r in regels)
    assert str(elders.pk) not in {r["entry"].object_id for r in regels}


def test_filters_combine_with_person_and_period(cast, beheer):
    _melding(cast, 1)
    vandaag = timezone.localdate().isoformat()
    regels = _regels(beheer.get(LOG, {"kenmerk": "2026-001", "gebruiker": cast.coordinator.pk,
                                      "van": vandaag, "tot": vandaag}))
    assert regels and {r["entry"].gebruiker_id for r in regels} == {cast.coordinator.pk}
    assert _regels(beheer.get(LOG, {"kenmerk": "2026-001", "gebruiker": cast.vp.pk})) == []


def test_no_match_says_what_to_do_next(cast, beheer):
    response = beheer.get(LOG, {"kenmerk": "2099-999"})
    assert _regels(response) == []
    assert "Geen auditregels gevonden met deze filters. Controleer het kenmerk" in response.content.decode()


def test_a_kenmerk_too_long_is_a_dutch_error(cast, beheer):
    response = beheer.get(LOG, {"kenmerk": "x" * 40})
    assert "Een kenmerk is hoogstens 20 tekens lang." in response.content.decode() and _regels(response) == []


def test_the_log_is_paginated_and_keeps_the_filters(cast, beheer):
    for i in range(30):
        audit("rol_toegekend", gebruiker=cast.beheerder, organisatie=cast.org, objecttype="accounts.lidmaatschap",
              object_id=i)
    totaal = AuditEntry.objects.filter(organisatie_id=cast.org.pk, actie="rol_toegekend").count()
    response = beheer.get(LOG, {"actie": "rol_toegekend", "page": 2})
    assert totaal > 25 and len(_regels(response)) == min(25, totaal - 25) and "actie=rol_toegekend" in response.context["querystring"]
    assert "page" not in response.context["export_querystring"]


def test_looking_up_a_kenmerk_is_logged_but_other_typed_text_is_not(cast, beheer):
    beheer.get(LOG, {"kenmerk": "VP-2026-003"})
    assert AuditEntry.objects.filter(actie="auditlog_bekeken").latest("id").details == {"kenmerk": "VP-2026-003"}
    for typed in ("Jan de Vries", "123456782", "0612345678"):  # a name, a BSN, a phone number
        beheer.get(LOG, {"kenmerk": typed})
        details = AuditEntry.objects.filter(actie="auditlog_bekeken").latest("id").details
        assert details == {"kenmerk": "(geen kenmerk)"}, typed


def test_the_list_query_count_is_constant_over_kinds_of_objects(cast, beheer, client_for):
    _melding(cast, 1)
    make_dossier(cast)
    beheer.get(LOG)
    with CaptureQueriesContext(connection) as weinig:
        beheer.get(LOG)
    for dag in range(2, 8):
        melding = _melding(cast, dag)
        onderzoek(melding, cast.coordinator)
        make_dossier(cast, eigenaar=cast.vp2)
    with CaptureQueriesContext(connection) as veel:
        beheer.get(LOG)
    assert len(veel.captured_queries) <= len(weinig.captured_queries) + 2  # + feitenonderzoek, once each


def test_export_holds_the_filtered_rows_as_the_screen_shows_them(cast, beheer):
    _melding(cast, 1)
    _melding(cast, 2)
    rijen = _csv(beheer.get(EXPORT, {"kenmerk": "2026-002"}))
    assert rijen and {r["Object"] for r in rijen} == {"Melding 2026-002"}
    assert {r["Actie"] for r in rijen} >= {"Melding geregistreerd"}
    assert list(rijen[0]) == ["Tijdstip", "Actie", "Actiecode", "Object", "Wie", "Rol", "Details", "IP-adres"]
    assert all(GEHEIM not in waarde for r in rijen for waarde in r.values())


def test_export_is_itself_audited_with_its_filters_and_size(cast, beheer):
    _melding(cast, 1)
    response = beheer.get(EXPORT, {"kenmerk": "2026-001", "page": "3"})
    aantal = len(_csv(response))
    entry = AuditEntry.objects.filter(actie="auditlog_geexporteerd").latest("id")
    assert entry.gebruiker_id == cast.beheerder.pk and entry.organisatie_id == cast.org.pk
    assert entry.details == {"kenmerk": "2026-001", "regels": aantal}
    assert response["Content-Disposition"].startswith('attachment; filename="auditlog-voorbeeldstad-')
    assert verify_chain()[1] is None  # the chain is intact after viewing and exporting


def test_export_with_an_invalid_filter_goes_back_to_the_log_and_exports_nothing(cast, beheer):
    response = beheer.get(EXPORT, {"van": "2026-02-01", "tot": "2026-01-01"})
    assert response.status_code == 302 and response["Location"].startswith(LOG + "?")
    assert "De einddatum ligt vóór de begindatum" in beheer.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(actie="auditlog_geexporteerd").exists()


def test_export_cells_cannot_run_as_formulas(cast, beheer):
    User.objects.filter(pk=cast.coordinator.pk).update(naam="=HYPERLINK(\"http://x\")")
    _melding(cast, 1)
    rijen = _csv(beheer.get(EXPORT, {"actie": "melding_aangemaakt"}))
    assert [r["Wie"] for r in rijen] == ["'=HYPERLINK(\"http://x\")"]


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_only_the_beheerder_reads_or_exports_the_log_everyone_else_gets_403(cast, client_for, url):
    """The contract of role pages (accounts/access.py): a page of a role the user does not hold is a 403, exactly;
    a page without an object has nothing to hide behind a 404."""
    for rol, user in cast.roles().items():
        status = client_for(user).get(url).status_code
        assert status == (200 if rol == "beheerder" else 403), (rol, status)
    assert not AuditEntry.objects.filter(actie="auditlog_geexporteerd").exclude(gebruiker_id=cast.beheerder.pk)
