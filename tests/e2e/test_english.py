"""The same application in English: a user switches their own language in "Mijn account", works in English, and
every role's main pages are English (lang="en", no Dutch chrome) and pass axe. Labels are looked up in the
catalog, so the test follows the translations instead of copying them."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from accounts.models import User
from tests.browser import assert_accessible, browser_login
from tests.e2e.conftest import login
from tests.meldingen.factories import MeldingFactory, onderzoek
from tests.vertrouwenspersonen.factories import make_dossier
from vertrouwenspersonen.models import Dossier


def en(dutch: str, same: bool = False) -> str:
    with translation.override("en"):
        english = translation.gettext(dutch)
    assert same or english != dutch, f"{dutch!r} has no English translation"
    return english


def test_user_switches_to_english_and_registers_a_first_contact(page, cast):
    browser_login(page, cast.vp)
    assert page.locator("html").get_attribute("lang") == "nl"
    page.goto("/account/profiel/")
    page.locator("#id_taal").select_option("en")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Log out", exact=True).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name=en("Mijn account"))).to_be_visible()
    assert User.objects.get(pk=cast.vp.pk).taal == "en"
    assert_accessible(page, "profile (en)")

    page.goto("/vertrouwenspersoon/")
    assert_accessible(page, "VP dashboard (en)")
    page.get_by_role("link", name=en("Eerste contact vastleggen")).first.click()
    assert_accessible(page, "first contact (en)")
    page.get_by_label("pesten").check()  # categories are the organisation's data, not UI text
    page.get_by_label(en("Organisatieonderdeel van de melder (optioneel)")).select_option(label="Ruimte")
    page.get_by_role("button", name=en("Vastleggen")).click()
    expect(page.get_by_text(en("Het eerste contact is vastgelegd."))).to_be_visible()
    assert Dossier.objects.count() == 1
    assert_accessible(page, "file (en)")
    page.get_by_role("link", name=en("Gesprek toevoegen")).click()
    assert_accessible(page, "add conversation (en)")
    page.get_by_label(en("Telefonisch")).check()
    page.get_by_label(en("Duur in minuten")).fill("30")
    page.get_by_role("button", name=en("Gesprek opslaan")).click()
    assert Dossier.objects.get().gesprekken.count() == 1

    # The choice is the user's, not the browser's: it survives logging out and in again.
    page.get_by_role("button", name="Log out", exact=True).click()
    login(page, User.objects.get(pk=cast.vp.pk))  # taal is now "en"
    assert page.locator("html").get_attribute("lang") == "en"
    assert not page.js_errors


@pytest.fixture
def english_cast(cast):
    for user in cast.roles().values():
        user.taal = "en"
        user.save(update_fields=["taal"])
    return cast


def adopted_report(cast, adopt: bool):
    from reports import services as reports

    jaar = timezone.localdate().year - 1
    MeldingFactory(organisatie=cast.org, door=cast.coordinator, ontvangen_op=datetime.date(jaar, 4, 1))
    jaarverslag = reports.jaarverslag_create(organisatie=cast.org, jaar=jaar, door=cast.coordinator)
    reports.generatie_start(jaarverslag=jaarverslag, door=cast.coordinator)  # Celery runs eagerly in tests
    if adopt:
        reports.jaarverslag_vaststellen(jaarverslag=jaarverslag, door=cast.coordinator)
    return jaarverslag


def pages_for(role: str, cast) -> list[str | tuple[str, int]]:
    """The pages each role's journey visits, as (path, expected status) or path (200)."""
    if role == "vp":
        dossier = make_dossier(cast)
        d = f"/vertrouwenspersoon/dossiers/{dossier.pk}"
        return ["/vertrouwenspersoon/", "/vertrouwenspersoon/dossiers/", "/vertrouwenspersoon/dossiers/nieuw/",
                f"{d}/", f"{d}/gesprek/", f"{d}/delen/", f"{d}/afsluiten/",
                "/vertrouwenspersoon/activiteiten/nieuw/", "/vertrouwenspersoon/signalen/nieuw/"]
    melding = MeldingFactory(organisatie=cast.org, door=cast.coordinator,
                             ontvangen_op=timezone.localdate() - datetime.timedelta(days=3))
    m = f"/meldingen/{melding.pk}"
    if role == "coordinator":
        jv = adopted_report(cast, adopt=False).pk
        return ["/meldingen/", "/meldingen/register/", "/meldingen/nieuw/", f"{m}/", f"{m}/bewerken/",
                f"{m}/status/", f"{m}/onderzoek/nieuw/", f"{m}/betrokkenen/nieuw/", f"{m}/bijlagen/nieuw/",
                f"{m}/traject/nieuw/", "/meldingen/instellingen/", "/jaarverslag/", f"/jaarverslag/{jv}/",
                f"/jaarverslag/{jv}/voorbeeld/", f"/jaarverslag/{jv}/tekst/", f"/jaarverslag/{jv}/delen/",
                f"/jaarverslag/{jv}/vaststellen/"]
    if role == "onderzoeker":
        from meldingen import services

        o = onderzoek(melding, cast.coordinator, startdatum=melding.ontvangen_op)
        services.onderzoek_assign(onderzoek=o, onderzoeker=cast.onderzoeker, door=cast.coordinator)
        return ["/meldingen/onderzoeken/", f"/meldingen/onderzoeken/{o.pk}/",
                f"/meldingen/onderzoeken/{o.pk}/bewerken/", f"/meldingen/onderzoeken/{o.pk}/rapport/"]
    if role == "lezer":
        jv = adopted_report(cast, adopt=True).pk
        dossier = make_dossier(cast)
        return ["/jaarverslag/", f"/jaarverslag/{jv}/", f"/jaarverslag/{jv}/voorbeeld/", "/account/profiel/",
                (f"{m}/", 403), (f"/vertrouwenspersoon/dossiers/{dossier.pk}/", 404)]
    return ["/beheer/gebruikers/", "/beheer/gebruikers/uitnodigen/", f"/beheer/gebruikers/{cast.vp.pk}/",
            "/beheer/onderdelen/", "/beheer/onderdelen/nieuw/", "/beheer/onderwerpen/", "/beheer/auditlog/",
            "/bewaren/beheer/"]


@pytest.mark.parametrize("role", ["vp", "coordinator", "onderzoeker", "lezer", "beheerder"])
def test_every_main_page_is_english_and_accessible(page, english_cast, role):
    user = english_cast.roles()[role]
    paths = pages_for(role, english_cast)
    login(page, user)
    for path, status in ((p, 200) if isinstance(p, str) else p for p in paths):
        response = page.goto(path)
        assert response.status == status, path
        assert page.locator("html").get_attribute("lang") == "en", path
        assert page.get_by_role("button", name="Log out", exact=True).is_visible(), path
        body = page.locator("body").inner_text()
        for dutch in ("Uitloggen", "Opslaan", "Wijzig taal", "Naar de inhoud"):
            assert dutch not in body, f"{dutch!r} on {path}"
        assert_accessible(page, f"{path} (en, {role})")
    assert capfirst(en("Wijzig taal")) in page.content()
    assert not [e for e in page.js_errors if "Failed to load resource" not in e]  # the 403/404 pages are expected
