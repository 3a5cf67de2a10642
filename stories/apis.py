from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InputRejected
from core.media import grant_of
from core.ownership import request_owner, request_owner_or_none
from core.serializers import JobSerializer
from stories.backends.base import DEFAULT_PAGES, MAX_PAGES, MIN_PAGES, STYLES
from stories.models import Story
from stories.pdf import story_pdf
from stories.selectors import story_get, story_list
from stories.serializers import StorySerializer
from stories.services import (
    MAX_SEED,
    story_create,
    story_delete,
    story_share,
    story_theme_transcribe,
    story_unshare,
)

MAX_AUDIO_BYTES = 10 * 1024 * 1024


def _owned(request: Request, story_id: uuid.UUID) -> Story:
    story = story_get(owner=request_owner_or_none(request), story_id=story_id)
    if story is None:
        raise NotFound()
    return story


class StoryListCreateApi(ListAPIView):
    serializer_class = StorySerializer

    @extend_schema_serializer(component_name="StorybookCreateInput")
    class InputSerializer(serializers.Serializer):
        protagonist = serializers.CharField(max_length=200, label=_("Protagonist"))
        theme = serializers.CharField(max_length=300, label=_("Theme"))
        age_band = serializers.ChoiceField(choices=[c for c, _label in Story.AgeBand.choices],
                                           label=_("Age band"))
        pages = serializers.IntegerField(min_value=MIN_PAGES, max_value=MAX_PAGES,
                                         default=DEFAULT_PAGES, label=_("Pages"))
        style = serializers.ChoiceField(choices=list(STYLES), default="storybook",
                                        label=_("Style"))
        seed = serializers.IntegerField(min_value=0, max_value=MAX_SEED, required=False,
                                        label=_("Seed"))
        language = serializers.ChoiceField(
            choices=Story.Language.choices, required=False, label=_("Language"),
            help_text="The book's language; the visitor's by default, Korean for a Hangul theme.")

    def get_queryset(self):
        return story_list(owner=request_owner_or_none(self.request))

    @extend_schema(request=InputSerializer, responses={201: StorySerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = story_create(owner=request_owner(request), **data.validated_data)
        body = StorySerializer(job.story, context={"request": request}).data
        job_data = JobSerializer(job, context={"request": request}).data
        return Response({**body, "job": job_data}, status=201)


class StoryDetailApi(APIView):
    @extend_schema(responses=StorySerializer)
    def get(self, request: Request, story_id: uuid.UUID) -> Response:
        story = _owned(request, story_id)
        return Response(StorySerializer(story, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, story_id: uuid.UUID) -> Response:
        story_delete(story=_owned(request, story_id))
        return Response(status=204)


class StoryPdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request: Request, story_id: uuid.UUID) -> HttpResponse:
        # A signed pdf_url is minted only for the owner; its holder may fetch it.
        if grant_of(request._request) is not None:
            story = Story.objects.filter(pk=story_id).first()
            if story is None:
                raise NotFound()
            return pdf_response(story)
        return pdf_response(_owned(request, story_id))


def pdf_response(story: Story) -> HttpResponse:
    response = HttpResponse(story_pdf(story=story), content_type="application/pdf")
    name = "".join(c if c.isalnum() else "-" for c in (story.title or "storybook").lower())
    name = "-".join(part for part in name.split("-") if part)[:60] or "storybook"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = f"private, max-age={settings.MEDIA_URL_SECONDS}"
    return response


class StoryShareApi(APIView):
    @extend_schema(request=None, responses=inline_serializer(
        "StoryShare", {"share_url": serializers.CharField()}))
    def post(self, request: Request, story_id: uuid.UUID) -> Response:
        token = story_share(story=_owned(request, story_id))
        return Response({"share_url": request.build_absolute_uri(f"/s/{token}/")})

    @extend_schema(responses={204: None})
    def delete(self, request: Request, story_id: uuid.UUID) -> Response:
        story_unshare(story=_owned(request, story_id))
        return Response(status=204)


@extend_schema(exclude=True)
class LegacyStoryPdfApi(StoryPdfApi):
    """/api/stories/{id}/pdf, the address before every endpoint ended in a slash."""


@extend_schema(exclude=True)
class LegacyStoryShareApi(StoryShareApi):
    """/api/stories/{id}/share, the address before every endpoint ended in a slash."""


class StoryThemeTranscribeApi(APIView):
    """A spoken theme (a WAV, OGG or FLAC recording) → its words, to fill the theme field."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema_serializer(component_name="StorybookThemeAudioInput")
    class InputSerializer(serializers.Serializer):
        audio = serializers.FileField()

    @extend_schema(request=InputSerializer, responses=inline_serializer(
        "StoryThemeTranscript", {"text": serializers.CharField()}))
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["audio"]
        try:
            if upload.size > MAX_AUDIO_BYTES:  # refused before reading it
                raise InputRejected(_("The recording is too long; keep it under a minute."),
                                    code="audio_unreadable", field="audio")
            text = story_theme_transcribe(audio=upload.read(),
                                          content_type=upload.content_type or "")
        finally:
            upload.close()  # a large upload's temporary file goes with it
        return Response({"text": text})
