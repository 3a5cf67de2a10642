from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Job


def absolute_url(request: Any, url: str) -> str:
    """`url` made absolute for API clients; left as is without a request (or if already)."""
    return request.build_absolute_uri(url) if request is not None else url


class JobSerializer(serializers.Serializer):
    """<job> of the API contract, also the payload of every job.update event."""

    id = serializers.UUIDField(read_only=True)
    kind = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Job.Status.choices, read_only=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    error = serializers.CharField(read_only=True)
    result_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_kind(self, job: Job) -> str:
        return job.kind

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_result_url(self, job: Job) -> str | None:
        return job.result_url() if job.status == Job.Status.SUCCEEDED else None
