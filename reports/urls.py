from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("instellingen/", views.instellingen, name="instellingen"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tekst/", views.bewerken, name="bewerken"),
    path("<int:pk>/genereren/", views.genereren, name="genereren"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/voorbeeld/", views.voorbeeld, name="voorbeeld"),
    path("<int:pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<int:pk>/correctie/", views.correctie, name="correctie"),
    path("<int:pk>/delen/", views.delen, name="delen"),
    path("<int:pk>/bestand/<str:formaat>/", views.download, name="download"),
]
