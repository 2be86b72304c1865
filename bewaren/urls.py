from django.urls import path

from bewaren import views

app_name = "bewaren"

urlpatterns = [
    path("beheer/", views.beheer_view, name="beheer"),
    path("vp-dossier/<int:pk>/verlengen/", views.dossier_verlengen_view, name="dossier_verlengen"),
    path("melding/<int:pk>/verlengen/", views.melding_verlengen_view, name="melding_verlengen"),
]
