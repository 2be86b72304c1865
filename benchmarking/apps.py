from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    """Only for `manage.py benchmark`: no models, no URLs."""

    name = "benchmarking"
