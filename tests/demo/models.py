from __future__ import annotations

from django.db import models

from core.models import Job


class DemoJob(Job):
    """A trivial job: sleeps, reports progress, optionally fails."""

    kind = "demo"
    task = "tests.demo.tasks.demo_run"
    doing = "running the demo"

    steps = models.PositiveSmallIntegerField(default=3)
    step_seconds = models.FloatField(default=0)
    fail_with = models.CharField(max_length=200, blank=True)
    crash = models.BooleanField(default=False)
    kill_process = models.BooleanField(default=False)  # work that takes its process down
    transient_failures = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(max_length=200, blank=True)

    def result_url(self) -> str | None:
        return f"/demo/{self.pk}/"
