from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load every app's initial_*.json fixture (safe to run again: rows are upserted)."

    def handle(self, *args: Any, **options: Any) -> None:
        fixtures = sorted(
            str(path)
            for config in apps.get_app_configs()
            for path in (Path(config.path) / "fixtures").glob("initial_*.json")
        )
        if fixtures:
            call_command("loaddata", *fixtures, verbosity=options["verbosity"])
        else:
            self.stdout.write("No initial data to load.")
