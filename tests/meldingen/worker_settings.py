"""Settings for the real Celery worker of the integration test: the test settings plus an observable mailbox."""

import os

from config.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["MELDINGEN_TEST_MAIL_DIR"]
