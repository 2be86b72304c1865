from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "meldingen"
