"""In demo mode (which runs with DEBUG on) a missing page is the product's own Dutch 404, not Django's technical
page with the URL patterns; with DEBUG alone a developer keeps Django's."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pad", ["/bestaat-niet/", "/vertrouwenspersoon/dossiers/999999/"])
def test_demo_mode_shows_the_products_own_404(settings, cast, client_for, pad):
    settings.DEBUG, settings.DEMO_MODE = True, True
    for client in (Client(), client_for(cast.vp)):
        response = client.get(pad)
        body = response.content.decode()
        if response.status_code == 302:  # anonymous on a page behind the login: the login comes first
            continue
        assert response.status_code == 404
        assert "Pagina niet gevonden" in body and "Naar de startpagina" in body
        assert "DEBUG = True" not in body and "URLconf" not in body


def test_debug_without_demo_keeps_djangos_technical_404(settings):
    settings.DEBUG, settings.DEMO_MODE = True, False
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404 and "DEBUG = True" in response.content.decode()
