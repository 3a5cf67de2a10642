from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Job


def absolute_url(request: Any, url: str) -> str:
    """`url` made absolute for API clients; left as is without a request (or if already)."""
    return request.build_absolute_uri(url) if request is not None else url


class JobSerializer(serializers.Serializer):
    """<job> of the API contract, also the payload of every job.update event.

    Both links are absolute when the serializer has the request in its context; the
    WebSocket payload has none and carries paths, which the page resolves against itself.
    """

    id = serializers.UUIDField(read_only=True)
    kind = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Job.Status.choices, read_only=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    error = serializers.CharField(read_only=True)
    result_url = serializers.SerializerMethodField(
        help_text="The API object holding what the job made; null until it succeeded.")
    page_url = serializers.SerializerMethodField(
        help_text="The page showing what the job made; null until it succeeded, "
                  "or for work that has no page of its own (a transcription).")
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_kind(self, job: Job) -> str:
        return job.kind

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_result_url(self, job: Job) -> str | None:
        return self._link(job, job.result_url)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_page_url(self, job: Job) -> str | None:
        return self._link(job, job.page_url)

    def _link(self, job: Job, url_of: Any) -> str | None:
        if job.status != Job.Status.SUCCEEDED:
            return None
        url = url_of()
        return absolute_url(self.context.get("request"), url) if url else None
