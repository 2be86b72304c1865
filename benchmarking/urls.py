"""The product's URLs plus the floor views; ROOT_URLCONF only while `manage.py benchmark` measures the pages."""

from django.urls import include, path

from benchmarking.vloer import VLOER_URLS, meldingen_vloer, vp_vloer

urlpatterns = [
    path("__benchmark/vloer/meldingen/", meldingen_vloer, name=VLOER_URLS["coordinator"]),
    path("__benchmark/vloer/vp/", vp_vloer, name=VLOER_URLS["vp"]),
    path("", include("config.urls")),
]
handler400, handler403 = "config.errors.bad_request", "config.errors.permission_denied"
handler404, handler500 = "config.errors.page_not_found", "config.errors.server_error"
