from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ownership import request_owner
from core.serializers import JobSerializer
from music.serializers import DurationField, MoodSerializer, style_field
from uploads.selectors import upload_get
from uploads.track_jobs import track_job_create


class TrackCreateApi(APIView):
    """A new variation of an upload's music: another seed, length, mood or style."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TrackCreate"  # unique schema component name

        upload = serializers.UUIDField()
        duration = DurationField(label=_("Duration"))
        seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False,
                                        label=_("Seed"))
        mood = MoodSerializer(required=False, label=_("Mood"))
        style = style_field()

    @extend_schema(request=InputSerializer, responses={201: inline_serializer(
        "TrackJobCreated", {"job": JobSerializer()})})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = request_owner(request)
        upload = upload_get(owner=owner, upload_id=data.validated_data["upload"])
        if upload is None:
            raise NotFound(_("There is no such upload among yours."))
        mood = data.validated_data.get("mood") or {}
        job = track_job_create(owner=owner, upload=upload,
                               duration=data.validated_data["duration"],
                               seed=data.validated_data.get("seed"),
                               valence=mood.get("valence"), arousal=mood.get("arousal"),
                               style=data.validated_data["style"])
        return Response({"job": JobSerializer(job, context={"request": request}).data},
                        status=status.HTTP_201_CREATED)
