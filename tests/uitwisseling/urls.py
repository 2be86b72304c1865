"""The project's URLs plus this app's, until config/urls.py includes them."""

from django.urls import include, path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

_names = {getattr(p, "namespace", None) for p in project_urlpatterns}
urlpatterns = list(project_urlpatterns)
if "uitwisseling" not in _names:
    urlpatterns.append(path("uitwisseling/", include("uitwisseling.urls")))
