from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InputRejected, ReverieError
from core.ownership import request_owner, request_owner_or_none
from core.serializers import JobSerializer, absolute_url
from dreams.models import Dream, Emotion, Symbol
from dreams.selectors import dream_get, dreams_of, symbols_search, transcription_get
from dreams.serializers import (
    DreamSerializer,
    ImageSerializer,
    InterpretationSerializer,
    StorySerializer,
    SymbolSerializer,
    TranscriptionSerializer,
    interpretation_data,
    story_data,
)
from dreams.services import (
    dream_analyse,
    dream_create,
    dream_create_from_audio,
    dream_delete,
    dream_update,
    dreams_delete,
    transcription_create,
)


class AudioUploadParser(MultiPartParser):
    """Multipart, refusing a body larger than the recording limit before reading it."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        length = int(parser_context["request"].META.get("CONTENT_LENGTH") or 0)
        limit = settings.DREAM_AUDIO_MAX_BYTES
        if length > limit + 64 * 1024:
            raise InputRejected(_("The recording is %(size)s; recordings may be at most "
                                  "%(limit)s.") % {"size": filesizeformat(length),
                                                   "limit": filesizeformat(limit)}, status=413,
                                code="too_large", field="audio")
        return super().parse(stream, media_type, parser_context)


def owned_dream(request: Request, dream_id: uuid.UUID) -> Dream:
    dream = dream_get(owner=request_owner_or_none(request), dream_id=dream_id)
    if dream is None:
        raise NotFound()
    return dream


# Checked against settings.LANGUAGES by the service, which says which codes it takes.
LANGUAGE = serializers.CharField(required=False, allow_blank=True, max_length=16,
                                 help_text="The dream's language (\"en\", \"ko\"); by default "
                                 "the request's (Accept-Language).")
EMOTIONS = serializers.ListField(child=serializers.ChoiceField(choices=Emotion.values),
                                 required=False, max_length=5)


class DreamListCreateApi(ListAPIView):
    """GET: your dreams, newest first (?q=, ?emotion=, ?symbol=). POST: a new dream, written
    (JSON "text") or spoken (multipart "audio": WAV, FLAC or OGG)."""

    serializer_class = DreamSerializer
    parser_classes = [JSONParser, FormParser, AudioUploadParser]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DreamCreate"

        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                     label=gettext_lazy("Text"))
        title = serializers.CharField(required=False, allow_blank=True, max_length=120,
                                      label=gettext_lazy("Title"))
        emotions = EMOTIONS
        audio = serializers.FileField(required=False, allow_empty_file=True)
        keep_audio = serializers.BooleanField(default=False)
        transcription = serializers.UUIDField(required=False)
        language = LANGUAGE

    @extend_schema(request=InputSerializer, responses={201: DreamSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values, owner = data.validated_data, request_owner(request)
        if values.get("audio") is not None:
            audio = values["audio"]
            started = dream_create_from_audio(
                owner=owner, audio=audio.read(), content_type=audio.content_type or "",
                keep_audio=values["keep_audio"], emotions=values.get("emotions", []),
                language=values.get("language"))
        else:
            transcription = None
            if values.get("transcription"):
                transcription = transcription_get(owner=owner, job_id=values["transcription"])
            started = dream_create(owner=owner, text=values.get("text", ""),
                                   emotions=values.get("emotions", []),
                                   title=values.get("title", ""), transcription=transcription,
                                   language=values.get("language"))
        body = DreamSerializer(started.dream, context={"request": request,
                                                       "job": started.job}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        symbol = params.get("symbol", "")
        return dreams_of(owner=request_owner_or_none(self.request), q=params.get("q", ""),
                         emotion=params.get("emotion", ""),
                         symbol=int(symbol) if symbol.isdigit() else None,
                         ).prefetch_related("matches__symbol")


class DreamDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DreamUpdate"

        text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        title = serializers.CharField(required=False, allow_blank=True, max_length=120)
        emotions = EMOTIONS

    @extend_schema(responses=DreamSerializer)
    def get(self, request: Request, dream_id: uuid.UUID) -> Response:
        dream = owned_dream(request, dream_id)
        return Response(DreamSerializer(dream, context={"request": request}).data)

    @extend_schema(request=InputSerializer, responses=DreamSerializer)
    def patch(self, request: Request, dream_id: uuid.UUID) -> Response:
        dream = owned_dream(request, dream_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = dream_update(dream=dream, **data.validated_data)
        return Response(DreamSerializer(dream, context={"request": request, "job": job}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, dream_id: uuid.UUID) -> Response:
        dream_delete(dream=owned_dream(request, dream_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DreamBulkDeleteApi(APIView):
    """Delete several of your dreams at once; ids that are not yours are ignored."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DreamBulkDelete"

        ids = serializers.ListField(child=serializers.UUIDField(), min_length=1,
                                    max_length=500)

    @extend_schema(request=InputSerializer,
                   responses={200: {"type": "object", "properties": {"deleted": {
                       "type": "integer"}}}})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deleted = dreams_delete(owner=request_owner(request), ids=data.validated_data["ids"])
        return Response({"deleted": deleted})


class DreamAnalyseApi(APIView):
    """Make what the dream still lacks (after a failure, say); answers the job doing it."""

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request: Request, dream_id: uuid.UUID) -> Response:
        job = dream_analyse(dream=owned_dream(request, dream_id))
        return Response({"job": JobSerializer(job, context={"request": request}).data},
                        status=status.HTTP_202_ACCEPTED)


NOT_READY = {
    "interpretation": gettext_lazy("The interpretation is not ready yet; watch the dream's job "
                                   "and ask again when it has finished."),
    "story": gettext_lazy("The story is not ready yet; watch the dream's job and ask again "
                          "when it has finished."),
    "picture": gettext_lazy("The picture is not ready yet; watch the dream's job and ask again "
                            "when it has finished."),
}


def _not_ready(part: str) -> ReverieError:
    return ReverieError(NOT_READY[part], status=404, code="not_ready")


class DreamInterpretationApi(APIView):
    @extend_schema(responses=InterpretationSerializer)
    def get(self, request: Request, dream_id: uuid.UUID) -> Response:
        data = interpretation_data(owned_dream(request, dream_id))
        if data is None:
            raise _not_ready("interpretation")
        return Response(data)


class DreamStoryApi(APIView):
    @extend_schema(responses=StorySerializer)
    def get(self, request: Request, dream_id: uuid.UUID) -> Response:
        data = story_data(owned_dream(request, dream_id))
        if data is None:
            raise _not_ready("story")
        return Response(data)


class DreamImageApi(APIView):
    @extend_schema(responses=ImageSerializer)
    def get(self, request: Request, dream_id: uuid.UUID) -> Response:
        dream = owned_dream(request, dream_id)
        if not dream.image:
            raise _not_ready("picture")
        return Response({"image_url": absolute_url(request, dream.image.url),
                         "provider": dream.image_provider})


class TranscriptionCreateApi(APIView):
    """A recording to transcribe for review: watch its job, then read its text."""

    parser_classes = [AudioUploadParser]
    media_type_hint = 'Send the recording as multipart/form-data, in a field named "audio".'

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TranscriptionCreate"

        audio = serializers.FileField(allow_empty_file=True, error_messages={
            "required": gettext_lazy("Record or choose a recording first.")})
        keep_audio = serializers.BooleanField(default=False)
        language = LANGUAGE

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: TranscriptionSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        audio = data.validated_data["audio"]
        job = transcription_create(owner=request_owner(request), audio=audio.read(),
                                   content_type=audio.content_type or "",
                                   keep_audio=data.validated_data["keep_audio"],
                                   language=data.validated_data.get("language"))
        return Response(TranscriptionSerializer(job, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class TranscriptionDetailApi(APIView):
    @extend_schema(responses=TranscriptionSerializer)
    def get(self, request: Request, job_id: uuid.UUID) -> Response:
        job = transcription_get(owner=request_owner_or_none(request), job_id=job_id)
        if job is None:
            raise NotFound()
        return Response(TranscriptionSerializer(job, context={"request": request}).data)


class SymbolListApi(ListAPIView):
    """The dream-symbol dictionary, read-only: ?q= searches names, aliases and text."""

    serializer_class = SymbolSerializer

    def get_queryset(self) -> Any:
        found = symbols_search(q=self.request.query_params.get("q", ""))
        return found.prefetch_related("themes") if hasattr(found, "prefetch_related") else found


class SymbolDetailApi(RetrieveAPIView):
    serializer_class = SymbolSerializer
    queryset = Symbol.objects.prefetch_related("themes")
    lookup_url_kwarg = "symbol_id"
