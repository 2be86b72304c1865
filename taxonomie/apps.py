from django.apps import AppConfig


class TaxonomieConfig(AppConfig):
    name = "taxonomie"
    verbose_name = "Categorieën"
