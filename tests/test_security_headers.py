"""Headers and error pages: CSP without inline script, no framing, no caching of anything behind the login."""

from django.contrib import admin
from django.urls import reverse


def test_security_headers_on_login_page(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_behind_the_login_are_not_stored(cast, client_for):
    response = client_for(cast.vp).get(reverse("accounts:profiel"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_pages_hold_no_inline_script_or_style(cast, client_for):
    html = client_for(cast.vp).get(reverse("accounts:profiel")).content.decode()
    assert "<script>" not in html and "style=" not in html
    assert 'href="#inhoud"' in html and '<main id="inhoud"' in html  # skip link and landmark


def test_404_reveals_nothing(cast, client_for):
    response = client_for(cast.vp).get("/meldingen/999999/geheim-pad/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body and "URLconf" not in body and "Raised by" not in body
    assert "Pagina niet gevonden" in body


def test_case_models_are_not_in_the_django_admin():
    allowed_apps = {"accounts", "auth", "django_otp", "otp_totp", "otp_static", "axes", "guardian"}
    registered_apps = {model._meta.app_label for model in admin.site._registry}
    assert registered_apps <= allowed_apps, registered_apps - allowed_apps
    from accounts.audit import AuditEntry

    assert AuditEntry not in admin.site._registry


def test_a_request_django_cannot_accept_gets_the_dutch_400_page(client, db):
    # A Host header outside ALLOWED_HOSTS is one of the requests Django answers with handler400.
    response = client.get("/account/inloggen/", HTTP_HOST="elders.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit verzoek kon niet worden verwerkt" in page and "Bad Request" not in page
