from django.urls import path

from accounts import beheer_views as views
from accounts.sso import views as sso_views

app_name = "beheer"

urlpatterns = [
    path("gebruikers/", views.gebruikers_view, name="gebruikers"),
    path("gebruikers/uitnodigen/", views.uitnodigen_view, name="uitnodigen"),
    path("gebruikers/<int:pk>/", views.gebruiker_view, name="gebruiker"),
    path("gebruikers/<int:pk>/rol-toevoegen/", views.rol_toevoegen_view, name="rol_toevoegen"),
    path("gebruikers/<int:pk>/rollen/<int:lidmaatschap_pk>/intrekken/", views.rol_intrekken_view,
         name="rol_intrekken"),
    path("gebruikers/<int:pk>/deactiveren/", views.deactiveren_view, name="deactiveren"),
    path("gebruikers/<int:pk>/uitnodiging-opnieuw/", views.uitnodiging_opnieuw_view,
         name="uitnodiging_opnieuw"),
    path("gebruikers/<int:pk>/tweestapsverificatie-resetten/", views.tweestap_resetten_view,
         name="tweestap_resetten"),
    path("gebruikers/<int:pk>/herstel-link/", views.herstellink_view, name="herstellink"),
    path("uitnodigingen/<int:pk>/intrekken/", views.aanbod_intrekken_view, name="aanbod_intrekken"),
    path("onderdelen/", views.onderdelen_view, name="onderdelen"),
    path("onderdelen/nieuw/", views.onderdeel_nieuw_view, name="onderdeel_nieuw"),
    path("onderdelen/<int:pk>/", views.onderdeel_wijzigen_view, name="onderdeel_wijzigen"),
    path("onderdelen/<int:pk>/hernoemen/", views.onderdeel_hernoemen_view, name="onderdeel_hernoemen"),
    path("onderwerpen/", views.onderwerpen_view, name="onderwerpen"),
    path("auditlog/", views.audit_view, name="audit"),
    path("auditlog/export/", views.audit_export_view, name="audit_export"),
    path("inloggen-via-provider/", sso_views.beheer_view, name="sso"),
]
