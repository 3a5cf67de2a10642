from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models


class Owned(models.Model):
    """Something a person made: a signed-in user's, or an anonymous visitor's session's.

    Anonymous ownership uses a random key kept inside the session data (not the session key
    itself, which Django rotates at login) so that on login it can move to the user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        abstract = True


class Job(Owned):
    """A unit of background work with a status a person can watch.

    Concrete jobs name their Celery task in `task` (a dotted path to a function taking only
    the job id) and their kind in `kind`; core.jobs runs them and broadcasts every change.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    FINISHED: ClassVar[frozenset[str]] = frozenset({"succeeded", "failed", "cancelled"})
    # Not finished yet: waiting or being worked on (`status__in=Job.ACTIVE`).
    ACTIVE: ClassVar[tuple[str, ...]] = ("queued", "running")

    kind: ClassVar[str] = "job"
    task: ClassVar[str] = ""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # A queued job is due at `run_after` (a retry's backoff); `dispatched_at` is when it was
    # last handed to a runner, so one no runner holds (a lost message) can be sent again.
    run_after = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # How many times the process running it died: twice, and the job is failed, not retried.
    crashes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @classmethod
    def dispatchable(cls, queued: models.QuerySet) -> models.QuerySet:
        """Those of these queued jobs that may start now (some wait for another job)."""
        return queued

    def result_url(self) -> str | None:
        """The API object holding what the job made (a path), once it succeeded."""
        return None

    def page_url(self) -> str | None:
        """The page where a person sees what the job made (a path), once it succeeded."""
        return None


class ProviderCall(models.Model):
    """One call to a paid AI provider (OpenAI, Vertex AI): what it cost in time and tokens.

    Written by core.provider_calls.provider_call around every provider request, success or not,
    so curators can see latency, usage and failures by provider and model.
    """

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    provider = models.CharField(max_length=32, db_index=True)
    model = models.CharField(max_length=128, blank=True, db_index=True)
    operation = models.CharField(max_length=64)
    latency_ms = models.PositiveIntegerField()
    input_tokens = models.PositiveIntegerField(null=True, blank=True)
    output_tokens = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.provider} {self.model or '?'} {self.operation} ({self.status})"
