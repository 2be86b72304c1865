from django.apps import AppConfig


class BewarenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bewaren"
    verbose_name = "Bewaartermijnen"
