"""The VP's journey in a real browser: register a first contact, follow up, share, close. With axe checks,
in Dutch and in English (labels and messages looked up in the catalog; topics are the organisation's data)."""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser import assert_accessible, browser_login
from tests.e2e.conftest import login
from vertrouwenspersonen.models import Dossier, DossierUserObjectPermission

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_vp_registers_follows_up_shares_and_closes_a_dossier(page, cast, taal):
    def t(dutch: str) -> str:
        with translation.override(taal):
            return translation.gettext(dutch)

    cast.vp.taal = taal
    cast.vp.save(update_fields=["taal"])
    login(page, cast.vp)
    assert "/vertrouwenspersoon/" in page.url  # the VP lands on their own overview
    assert_accessible(page, "VP-overzicht")
    page.get_by_role("link", name=t("Eerste contact vastleggen")).first.click()
    assert_accessible(page, "eerste contact")
    assert page.get_by_label(t("Datum eerste contact")).input_value() == timezone.localdate().isoformat()
    page.get_by_label("pesten").check()
    page.get_by_label("discriminatie").check()
    page.get_by_label(t("Organisatieonderdeel van de melder (optioneel)")).select_option(label="Ruimte")
    page.get_by_label(t("Gelegenheid tot uiten (hart luchten)")).check()
    page.get_by_label(t("Bedrijfsarts")).check()
    page.get_by_role("button", name=t("Vastleggen")).click()
    expect(page.get_by_text(t("Het eerste contact is vastgelegd."))).to_be_visible()
    dossier = Dossier.objects.get()
    assert [c.label for c in dossier.onderwerpen.order_by("volgorde")] == ["pesten", "discriminatie"]
    assert_accessible(page, "dossier")

    page.get_by_role("link", name=t("Gesprek toevoegen")).click()
    page.get_by_label(t("Telefonisch")).check()
    page.get_by_label(t("Duur in minuten")).fill("40")
    page.get_by_label(t("Notitie (alleen voor u, versleuteld opgeslagen)")).fill("Vervolgafspraak gemaakt")
    page.get_by_role("button", name=t("Gesprek opslaan")).click()
    expect(page.get_by_text("Vervolgafspraak gemaakt")).to_be_visible()

    page.get_by_role("link", name=t("Gesprek toevoegen")).click()
    expect(page.get_by_label(t("Online"))).to_be_visible()  # the new page is there before axe runs on it
    assert_accessible(page, "gesprek toevoegen")
    page.get_by_label(t("Online")).check()
    page.get_by_label(t("Duur in minuten")).fill("25")
    page.get_by_label(t("Notitie (alleen voor u, versleuteld opgeslagen)")).fill("Melder kan situatie nu zelf hanteren")
    page.get_by_role("button", name=t("Gesprek opslaan")).click()
    expect(page.get_by_text("Melder kan situatie nu zelf hanteren")).to_be_visible()
    expect(page.get_by_text("Vervolgafspraak gemaakt")).to_be_visible()
    assert sorted(dossier.gesprekken.values_list("duur_minuten", flat=True)) == [25, 40]

    page.get_by_role("link", name=t("Delen voor waarneming")).click()
    expect(page.get_by_label(t("Delen met vertrouwenspersoon"))).to_be_visible()
    assert_accessible(page, "delen")
    page.get_by_label(t("Delen met vertrouwenspersoon")).select_option(label=str(cast.vp2))
    tot = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label(t("Gedeeld tot en met")).fill(tot.isoformat())
    page.get_by_role("button", name=t("Delen"), exact=True).click()
    assert DossierUserObjectPermission.objects.get().geldig_tot == tot

    page.get_by_role("link", name=t("Afsluiten")).click()
    page.get_by_label(t("Resultaat van de begeleiding")).select_option(label=t("Bespreekbaar gemaakt"))
    page.get_by_role("button", name=t("Dossier afsluiten")).click()
    dossier.refresh_from_db()
    assert dossier.status == "afgesloten" and dossier.afgesloten_op == timezone.localdate()
    assert not page.js_errors


def test_grantee_sees_the_shared_dossier_and_pages_are_accessible(page, cast):  # noqa: F811
    from tests.vertrouwenspersonen.factories import GesprekFactory, make_dossier
    from vertrouwenspersonen import services

    dossier = make_dossier(cast)
    GesprekFactory(dossier=dossier)
    services.dossier_delen(dossier=dossier, met=cast.vp2, geldig_tot=timezone.localdate(), door=cast.vp)
    browser_login(page, cast.vp2)
    page.goto("/vertrouwenspersoon/dossiers/")
    assert_accessible(page, "dossierlijst")
    page.get_by_role("link", name=dossier.kenmerk).click()
    expect(page.get_by_text("tijdelijk met u gedeeld")).to_be_visible()
    assert page.get_by_role("link", name="Delen voor waarneming").count() == 0
    for path in ("/vertrouwenspersoon/activiteiten/nieuw/", "/vertrouwenspersoon/signalen/nieuw/",
                 f"/vertrouwenspersoon/dossiers/{dossier.pk}/afsluiten/"):
        page.goto(path)
        assert_accessible(page, path)
    page.goto(f"/vertrouwenspersoon/dossiers/{dossier.pk}/")
    assert not page.js_errors
