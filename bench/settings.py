"""The application's settings, with static files collected into the benchmark's folder: in production mode
(DJANGO_DEBUG=0) pages name their static files through the manifest `collectstatic` writes."""

import os
from pathlib import Path

from cnrs_partners.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
