"""The product's URLs plus the floor views; ROOT_URLCONF only while `manage.py benchmark` measures the pages."""

from django.urls import include, path

from benchmarking.vloer import VLOER_URLS, meldingen_vloer, vp_vloer
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the product's error pages

urlpatterns = [
    path("__benchmark/vloer/meldingen/", meldingen_vloer, name=VLOER_URLS["coordinator"]),
    path("__benchmark/vloer/vp/", vp_vloer, name=VLOER_URLS["vp"]),
    path("", include("config.urls")),
]
