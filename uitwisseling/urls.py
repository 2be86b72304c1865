from django.urls import path

from uitwisseling import views

app_name = "uitwisseling"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("importeren/", views.upload_view, name="importeren"),
    path("importeren/<uuid:pk>/", views.controle_view, name="controle"),
    path("importeren/<uuid:pk>/bevestigen/", views.bevestigen_view, name="bevestigen"),
    path("exporteren/", views.exporteren_view, name="exporteren"),
]
