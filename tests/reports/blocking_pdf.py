"""Loaded only by the worker of tests/integration/test_interrupted_generation.py (worker_settings.CELERY_IMPORTS).

The PDF renderer announces that the run is inside it (a file the test waits for), then waits until the test
creates the release file. The test kills the worker instead, so a run is deterministically busy when it dies.
"""

import os
import time
from pathlib import Path

from reports import render

_real_pdf = render.RENDERERS["pdf"]


def _blocking_pdf(jaarverslag, cijfers):
    Path(os.environ["JAARVERSLAG_TEST_INSIDE"]).touch()
    release = Path(os.environ["JAARVERSLAG_TEST_RELEASE"])
    while not release.exists():
        time.sleep(0.05)
    return _real_pdf(jaarverslag, cijfers)


render.RENDERERS["pdf"] = _blocking_pdf
