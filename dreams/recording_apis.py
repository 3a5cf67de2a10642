from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ownership import request_owner_or_none
from core.serializers import absolute_url
from dreams.recordings import Recording, recording_delete, recordings_of


class RecordingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.ChoiceField(choices=["dream", "transcription"])
    dream = serializers.UUIDField(source="dream_id", allow_null=True)
    title = serializers.CharField()
    audio_url = serializers.SerializerMethodField()
    content_type = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_audio_url(self, recording: Recording) -> str:
        return absolute_url(self.context.get("request"), recording.audio.url)


class RecordingListApi(APIView):
    """Every recording the owner kept (with a dream, or from a transcription)."""

    @extend_schema(responses=RecordingSerializer(many=True))
    def get(self, request: Request) -> Response:
        found = recordings_of(owner=request_owner_or_none(request))
        return Response(RecordingSerializer(found, many=True,
                                            context={"request": request}).data)


class RecordingDeleteApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, recording_id: uuid.UUID) -> Response:
        if not recording_delete(owner=request_owner_or_none(request),
                                recording_id=recording_id):
            raise NotFound(_("No recording of yours has this id."))
        return Response(status=204)
