"""Switching language: the stored choice of a logged-in user (Mijn account) and the footer switch."""

from django.urls import reverse


def test_the_footer_switch_changes_the_language_of_a_logged_in_user(cast, client_for):
    client = client_for(cast.vp, cast.org)
    response = client.post("/taal/", {"language": "en", "next": reverse("vertrouwenspersonen:dashboard")}, follow=True)
    assert 'lang="en"' in response.content.decode()
    cast.vp.refresh_from_db()
    assert cast.vp.taal == "en"  # stored, so it holds on the next login too


def test_the_footer_switch_works_before_logging_in(client, db):
    response = client.post("/taal/", {"language": "en", "next": reverse("accounts:login")}, follow=True)
    assert 'lang="en"' in response.content.decode()


def test_the_footer_switch_ignores_unknown_languages(cast, client_for):
    client_for(cast.vp, cast.org).post("/taal/", {"language": "xx", "next": "/"})
    cast.vp.refresh_from_db()
    assert cast.vp.taal == "nl"


def test_the_profile_choice_is_stored_and_used(cast, client_for):
    client = client_for(cast.vp, cast.org)
    response = client.post(reverse("accounts:profiel"), {"naam": cast.vp.naam, "taal": "en"}, follow=True)
    assert 'lang="en"' in response.content.decode()
    cast.vp.refresh_from_db()
    assert cast.vp.taal == "en"
    html = client.get(reverse("vertrouwenspersonen:dashboard")).content.decode()
    assert 'lang="en"' in html and "Log out" in html
