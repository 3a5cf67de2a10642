from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from captioning.serializers import CaptionSerializer
from core.serializers import JobSerializer, absolute_url
from music.serializers import TrackSerializer
from uploads.models import Upload


class UploadSerializer(serializers.ModelSerializer):
    """GET /api/uploads/{id}/: the picture, what was seen in it, and its music so far."""

    image_url = serializers.SerializerMethodField()
    caption = serializers.SerializerMethodField()
    tracks = TrackSerializer(many=True, read_only=True)

    class Meta:
        model = Upload
        fields = ["id", "image_url", "width", "height", "created_at", "caption", "tracks"]

    def get_image_url(self, upload: Upload) -> str:
        return absolute_url(self.context.get("request"), upload.image.url)

    @extend_schema_field(CaptionSerializer(allow_null=True))
    def get_caption(self, upload: Upload) -> dict | None:
        caption = getattr(upload, "caption", None)
        return CaptionSerializer(caption).data if caption is not None else None


class UploadCreatedSerializer(serializers.Serializer):
    """201 of POST /api/uploads/: `job` is the first step still to run, `track_job` the music."""

    id = serializers.UUIDField(source="upload.id")
    image_url = serializers.SerializerMethodField()
    width = serializers.IntegerField(source="upload.width")
    height = serializers.IntegerField(source="upload.height")
    job = serializers.SerializerMethodField()
    track_job = JobSerializer()
    caption_job = JobSerializer(allow_null=True)
    results_url = serializers.SerializerMethodField()

    def get_image_url(self, started: Any) -> str:
        return absolute_url(self.context.get("request"), started.upload.image.url)

    @extend_schema_field(JobSerializer)
    def get_job(self, started: Any) -> dict:
        return JobSerializer(started.caption_job or started.track_job, context=self.context).data

    def get_results_url(self, started: Any) -> str:
        return absolute_url(self.context.get("request"),
                        reverse("results", args=[started.upload.pk]))
