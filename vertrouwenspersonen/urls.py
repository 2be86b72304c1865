from django.urls import path

from vertrouwenspersonen import views

app_name = "vertrouwenspersonen"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("dossiers/", views.dossier_list_view, name="dossiers"),
    path("dossiers/nieuw/", views.dossier_create_view, name="dossier_nieuw"),
    path("dossiers/<int:pk>/", views.dossier_detail_view, name="dossier"),
    path("dossiers/<int:pk>/wijzigen/", views.dossier_update_view, name="dossier_wijzigen"),
    path("dossiers/<int:pk>/gesprek/", views.gesprek_create_view, name="gesprek_nieuw"),
    path(
        "dossiers/<int:pk>/gesprek/<int:gesprek_pk>/wijzigen/",
        views.gesprek_update_view,
        name="gesprek_wijzigen",
    ),
    path("dossiers/<int:pk>/afsluiten/", views.dossier_close_view, name="dossier_afsluiten"),
    path("dossiers/<int:pk>/heropenen/", views.dossier_reopen_view, name="dossier_heropenen"),
    path("dossiers/<int:pk>/delen/", views.dossier_share_view, name="dossier_delen"),
    path(
        "dossiers/<int:pk>/delen/<int:grant_pk>/intrekken/",
        views.dossier_share_revoke_view,
        name="dossier_delen_intrekken",
    ),
    path("activiteiten/", views.activiteit_list_view, name="activiteiten"),
    path("activiteiten/nieuw/", views.activiteit_form_view, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/wijzigen/", views.activiteit_form_view, name="activiteit_wijzigen"),
    path("signalen/", views.signaal_list_view, name="signalen"),
    path("signalen/nieuw/", views.signaal_form_view, name="signaal_nieuw"),
    path("signalen/<int:pk>/wijzigen/", views.signaal_form_view, name="signaal_wijzigen"),
]
