from django.contrib import admin
from django.urls import include, path

from accounts.views import home_view, set_language_view
from config.health import liveness_view, readiness_view
from config.openbaar import toegankelijkheid_view

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
    path("toegankelijkheid/", toegankelijkheid_view, name="toegankelijkheid"),
    path("platformbeheer/", admin.site.urls),
    # For the load balancer and the container runtime (config/health.py); public, no session, no audit entry.
    path("gezondheid/", liveness_view, name="gezondheid"),
    path("gezondheid/gereed/", readiness_view, name="gereed"),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

