from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UitwisselingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "uitwisseling"
    verbose_name = _("Importeren en exporteren")
