from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.provider_checks import format_table, run_checks


class Command(BaseCommand):
    help = ("Make one tiny, cheap call to each configured provider (OpenAI, Cloud Storage, "
            "Vertex AI) and print what works and what to fix; exits 1 if anything failed.")
    # The point is to diagnose a configuration that the start-up checks may refuse.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        results = run_checks()
        if not results:
            self.stdout.write("No provider is configured: nothing to check. Set "
                              "OPENAI_API_KEY, GS_BUCKET_NAME or VERTEX_PROJECT.")
            return
        self.stdout.write(format_table(results))
        failed = sum(not result.ok for result in results)
        if failed:
            raise CommandError(f"{failed} of {len(results)} checks failed.")
        self.stdout.write(self.style.SUCCESS(f"All {len(results)} checks passed."))
