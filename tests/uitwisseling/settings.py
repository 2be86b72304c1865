"""Test settings with the uitwisseling app installed, until config/settings.py lists it."""

from config.settings_test import *  # noqa: F403
from config.settings_test import INSTALLED_APPS

if "uitwisseling" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "uitwisseling"]
ROOT_URLCONF = "tests.uitwisseling.urls"
