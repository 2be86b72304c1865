"""The accessibility statement: public, linked from every page's footer, Dutch and English, the parts of the
standard Dutch model; and the axe gate refuses moderate findings, not only serious ones."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser import assert_accessible
from tests.e2e.conftest import login

URL = "/toegankelijkheid/"


def test_the_statement_is_public_and_has_the_parts_of_the_model(db, settings):
    settings.TOEGANKELIJKHEID_CONTACT = "toegankelijkheid@voorbeeldstad.test"
    page = Client().get(URL).content.decode()
    for part in ("Toegankelijkheidsverklaring", "Status: eerste maatregelen genomen", "Wat we testen en hoe",
                 "axe-core", "Toetsenbordtests", "Bekende uitzonderingen", "Feedback en contact",
                 "Handhavingsprocedure", "Nationale ombudsman", "1 december 2026"):
        assert part in page, part
    assert 'href="mailto:toegankelijkheid@voorbeeldstad.test"' in page


def test_the_statement_points_to_the_beheerder_without_a_contact_setting(db, settings):
    settings.TOEGANKELIJKHEID_CONTACT = ""
    assert "functioneel beheerder van uw organisatie" in Client().get(URL).content.decode()


def test_the_statement_reads_in_english_when_chosen_and_dutch_for_an_english_browser(db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="nl">' in browser.get(URL).content.decode()
    browser.post(reverse("set_language"), {"language": "en", "next": URL})
    page = browser.get(URL).content.decode()
    assert '<html lang="en">' in page
    assert "Accessibility statement" in page and "National Ombudsman" in page
    assert "Bekende uitzonderingen" not in page


@pytest.mark.parametrize("path", ["/account/inloggen/", "/toegankelijkheid/"])
def test_every_page_links_the_statement_in_its_footer_anonymous(db, path):
    page = Client().get(path).content.decode()
    footer = page[page.index("<footer"):]
    assert f'href="{reverse("toegankelijkheid")}"' in footer


def test_every_page_links_the_statement_in_its_footer_logged_in(cast, client_for):
    for user, path in ((cast.vp, "/vertrouwenspersoon/"), (cast.coordinator, "/meldingen/"),
                       (cast.beheerder, "/beheer/gebruikers/")):
        page = client_for(user).get(path, follow=True).content.decode()
        assert f'href="{reverse("toegankelijkheid")}"' in page[page.index("<footer"):], path


def test_the_statement_passes_axe_and_is_reached_from_the_footer(page, cast):
    login(page, cast.vp)
    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheid").click()
    page.get_by_role("heading", name="Toegankelijkheidsverklaring").wait_for()
    assert_accessible(page, "toegankelijkheidsverklaring")


def test_the_axe_gate_fails_on_a_moderate_finding(page, live_server):
    # A skipped heading level (h1 -> h4) is axe's "heading-order", impact moderate.
    page.goto(URL)
    page.evaluate("""() => { const h = document.createElement('h4'); h.textContent = 'Overgeslagen niveau';
                              document.querySelector('main h1').after(h); }""")
    with pytest.raises(AssertionError, match="heading-order"):
        assert_accessible(page, "moderate probe")
