from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def language_active() -> str:
    """The language of the request being answered (the default one outside a request)."""
    return translation.get_language() or settings.LANGUAGE_CODE


class Owned(models.Model):
    """Something a person made: a signed-in user's, or an anonymous visitor's session's.

    Anonymous ownership uses a random key kept inside the session data (not the session key
    itself, which Django rotates at login) so that on login it can move to the user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", verbose_name=_("user"),
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True,
                                   verbose_name=_("session key"))

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
    # What it is doing, as "Something went wrong on our side while …" names it.
    doing: ClassVar[str] = _("working on this")
    # Work nobody is waiting for, run after everything else (core.job_runners).
    background: ClassVar[bool] = False

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False,
                          verbose_name=_("ID"))
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True,
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    cancel_requested = models.BooleanField(default=False, verbose_name=_("cancel requested"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name=_("heartbeat at"))
    # A queued job is due at `run_after` (a retry's backoff); `dispatched_at` is when it was
    # last handed to a runner, so one no runner holds (a lost message) can be sent again.
    run_after = models.DateTimeField(null=True, blank=True, verbose_name=_("run after"))
    dispatched_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dispatched at"))
    # How many times the process running it died: twice, and the job is failed, not retried.
    crashes = models.PositiveSmallIntegerField(default=0, verbose_name=_("crashes"))
    # The language its owner was reading when they asked for it: whatever the job has to tell
    # them later (a provider's failure, a crash) is written in it, whichever process writes it.
    owner_language = models.CharField(max_length=16, default=language_active,
                                      verbose_name=_("owner's language"))

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

    provider = models.CharField(max_length=32, db_index=True, verbose_name=_("provider"))
    model = models.CharField(max_length=128, blank=True, db_index=True, verbose_name=_("model"))
    operation = models.CharField(max_length=64, verbose_name=_("operation"))
    latency_ms = models.PositiveIntegerField(verbose_name=_("latency (ms)"))
    input_tokens = models.PositiveIntegerField(null=True, blank=True,
                                               verbose_name=_("input tokens"))
    output_tokens = models.PositiveIntegerField(null=True, blank=True,
                                                verbose_name=_("output tokens"))
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True,
                              verbose_name=_("status"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True,
                                      verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("provider call")
        verbose_name_plural = _("provider calls")

    def __str__(self) -> str:
        return f"{self.provider} {self.model or '?'} {self.operation} ({self.status})"
