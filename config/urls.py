from django.contrib import admin
from django.urls import include, path

from accounts.views import home_view, set_language_view

urlpatterns = [
    path("", home_view, name="home"),
    path("account/", include("accounts.urls")),
    path("beheer/", include("accounts.beheer_urls")),
    path("vertrouwenspersoon/", include("vertrouwenspersonen.urls")),
    path("meldingen/", include("meldingen.urls")),
    path("jaarverslag/", include("reports.urls")),
    path("uitwisseling/", include("uitwisseling.urls")),
    path("bewaren/", include("bewaren.urls")),
    path("taal/", set_language_view, name="set_language"),
    path("platformbeheer/", admin.site.urls),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

