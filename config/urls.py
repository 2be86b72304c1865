from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import home_view

urlpatterns = [
    path("", home_view, name="home"),
    path("account/", include("accounts.urls")),
    path("beheer/", include("accounts.beheer_urls")),
    path("vertrouwenspersoon/", include("vertrouwenspersonen.urls")),
    path("meldingen/", include("meldingen.urls")),
    path("jaarverslag/", include("reports.urls")),
    path("uitwisseling/", include("uitwisseling.urls")),
    path("bewaren/", include("bewaren.urls")),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("platformbeheer/", admin.site.urls),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

