"""The project's settings with benchmarks/loadkit/overhead_urls.py as the URLconf, so that
benchmarks/api_overhead.py can compare the API with plain Django views in one server process."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.loadkit.overhead_urls"
