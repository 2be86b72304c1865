"""The new SSO pages pass axe: the login page with an organisation's "Inloggen met …" and the beheer screen."""

from accounts.sso.models import SsoKoppeling
from tests.browser import assert_accessible
from tests.e2e.conftest import login


def test_login_page_with_sso_and_the_beheer_screen_pass_axe(page, cast):
    SsoKoppeling.objects.create(
        organisatie=cast.org, actief=True, issuer="https://idp.voorbeeldstad.test", client_id="c", client_secret="s",
        domeinen="voorbeeldstad.test", authorization_endpoint="https://idp.voorbeeldstad.test/auth")
    page.goto("/account/inloggen/")
    page.get_by_role("link", name="Inloggen met Gemeente Voorbeeldstad").wait_for()
    assert_accessible(page, "inloggen met SSO-knop")
    login(page, cast.beheerder)
    page.get_by_role("link", name="Inloggen via provider").click()
    page.get_by_role("heading", name="Inloggen via de identiteitsprovider").wait_for()
    assert page.get_by_label("Client-secret").input_value() == ""
    assert_accessible(page, "beheer SSO")
