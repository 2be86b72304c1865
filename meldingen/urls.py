from django.urls import path

from meldingen.views import bijlagen, onderzoek, register

app_name = "meldingen"

urlpatterns = [
    path("", register.dashboard_view, name="dashboard"),
    path("register/", register.lijst_view, name="lijst"),
    path("nieuw/", register.nieuw_view, name="nieuw"),
    path("instellingen/", register.instellingen_view, name="instellingen"),
    path("<int:pk>/", register.detail_view, name="detail"),
    path("<int:pk>/bewerken/", register.bewerken_view, name="bewerken"),
    path("<int:pk>/status/", register.status_view, name="status"),
    path("<int:pk>/identiteit/", register.identiteit_view, name="identiteit"),
    path("<int:pk>/termijnen/<int:termijn_pk>/voldaan/", register.termijn_voldaan_view, name="termijn_voldaan"),
    path("<int:pk>/logboek/", register.logboek_view, name="logboek"),
    path("<int:pk>/betrokkenen/nieuw/", register.betrokkene_nieuw_view, name="betrokkene_nieuw"),
    path("<int:pk>/betrokkenen/<int:betrokkene_pk>/", register.betrokkene_bewerken_view, name="betrokkene_bewerken"),
    path("<int:pk>/betrokkenen/<int:betrokkene_pk>/maatregel/", register.maatregel_nieuw_view,
         name="maatregel_nieuw"),
    path("<int:pk>/traject/nieuw/", register.traject_nieuw_view, name="traject_nieuw"),
    path("<int:pk>/traject/<int:traject_pk>/", register.traject_bewerken_view, name="traject_bewerken"),
    path("<int:pk>/bijlagen/nieuw/", bijlagen.bijlage_nieuw_view, name="bijlage_nieuw"),
    path("bijlagen/<int:pk>/", bijlagen.bijlage_download_view, name="bijlage_download"),
    path("<int:pk>/onderzoek/nieuw/", onderzoek.onderzoek_nieuw_view, name="onderzoek_nieuw"),
    path("onderzoeken/", onderzoek.mijn_onderzoeken_view, name="onderzoeken"),
    path("onderzoeken/<int:pk>/", onderzoek.onderzoek_detail_view, name="onderzoek_detail"),
    path("onderzoeken/<int:pk>/bewerken/", onderzoek.onderzoek_bewerken_view, name="onderzoek_bewerken"),
    path("onderzoeken/<int:pk>/toewijzen/", onderzoek.onderzoek_toewijzen_view, name="onderzoek_toewijzen"),
    path("onderzoeken/<int:pk>/intrekken/<int:user_pk>/", onderzoek.onderzoek_intrekken_view,
         name="onderzoek_intrekken"),
    path("onderzoeken/<int:pk>/rapport/", onderzoek.onderzoek_rapport_view, name="onderzoek_rapport"),
]
