"""Dutch is the default everywhere; English only by the user's own choice (the footer switch before login, the
account's language after it). An English browser once saw the invitation and login pages in English and the rest
in Dutch after the password step."""

from urllib.parse import urlparse

from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import uitnodigingslink
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def _lang(response) -> str:
    html = response.content.decode()
    return html[html.index("<html lang=\"") + 12:].split('"', 1)[0]


def test_an_english_browser_gets_the_dutch_invitation_login_and_second_step(cast, db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    nieuw = User.objects.create_user(email="nieuw@voorbeeldstad.test", password=None)
    uitnodiging = browser.get(urlparse(uitnodigingslink(nieuw)).path, follow=True)
    assert uitnodiging.status_code == 200 and _lang(uitnodiging) == "nl"
    assert uitnodiging["Content-Language"] == "nl"
    login = browser.get(LOGIN)
    assert _lang(login) == "nl" and "Wachtwoord" in login.content.decode()
    tweede_stap = browser.post(LOGIN, {"username": cast.vp.email, "password": PASSWORD}, follow=True)
    assert _lang(tweede_stap) == "nl"


def test_the_footer_switch_chooses_english_before_login_and_dutch_again(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert _lang(client.get(LOGIN)) == "en"
    client.post(reverse("set_language"), {"language": "nl", "next": LOGIN})
    assert _lang(client.get(LOGIN)) == "nl"


def test_an_unknown_language_in_the_cookie_falls_back_to_dutch(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert _lang(client.get(LOGIN)) == "nl"


def test_the_accounts_own_language_wins_after_the_password_step(cast):
    cast.vp.taal = "en"
    cast.vp.save(update_fields=["taal"])
    tweede_stap = Client().post(LOGIN, {"username": cast.vp.email, "password": PASSWORD}, follow=True)
    assert _lang(tweede_stap) == "en"
