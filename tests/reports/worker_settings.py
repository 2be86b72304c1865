"""Settings for the real Celery worker of tests/integration/test_interrupted_generation.py: the test settings,
the test's media folder, and a PDF renderer that blocks until the test releases it (tests/reports/blocking_pdf.py),
so the test can kill the worker while a run is busy."""

import os
from pathlib import Path

from config.settings_test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["JAARVERSLAG_TEST_MEDIA_ROOT"])
CELERY_IMPORTS = ["tests.reports.blocking_pdf"]
