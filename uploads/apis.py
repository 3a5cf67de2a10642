from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InputRejected
from core.ownership import request_owner, request_owner_or_none
from core.throttling import PolledView
from music.serializers import DurationField, style_field
from uploads.selectors import upload_get, uploads_of
from uploads.serializers import UploadCreatedSerializer, UploadSerializer
from uploads.services import upload_create, upload_delete


class ImageUploadParser(MultiPartParser):
    """Multipart, refusing a body larger than the upload limit before reading it."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        request = parser_context["request"]
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        # Room for the form's other fields and the multipart framing around the file.
        if length > settings.UPLOAD_MAX_BYTES + 64 * 1024:
            raise InputRejected(
                _("The upload is %(size)s; pictures may be at most %(limit)s. Please choose a "
                  "smaller one.") % {"size": filesizeformat(length),
                                     "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                status=413, code="too_large", field="image")
        return super().parse(stream, media_type, parser_context)


class UploadListCreateApi(ListAPIView):
    """GET: your uploads, newest first (paginated). POST: a new picture, and its music."""

    serializer_class = UploadSerializer
    parser_classes = [ImageUploadParser]
    media_type_hint = gettext_lazy('Send the picture as multipart/form-data, in a field named '
                                   '"image".')

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "UploadCreate"  # unique schema component name

        image = serializers.FileField(
            allow_empty_file=True, label=gettext_lazy("Image"),
            error_messages={"required": gettext_lazy("Choose a picture to upload."),
                            "invalid": gettext_lazy("The image field must be a file.")})
        duration = DurationField(label=gettext_lazy("Duration"))
        seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False,
                                        label=gettext_lazy("Seed"))
        style = style_field()
        language = serializers.ChoiceField(
            choices=settings.LANGUAGES, required=False,
            help_text="The caption's language; the visitor's (Accept-Language) by default.")

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: UploadCreatedSerializer})
    def post(self, request: Request) -> Response:
        if len(request.FILES.getlist("image")) > 1:
            raise ValidationError({"image": [_("Send one picture at a time.")]})
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = data.validated_data["image"]
        started = upload_create(
            owner=request_owner(request), data=image.read(), original_name=image.name or "",
            duration=data.validated_data["duration"], seed=data.validated_data.get("seed"),
            style=data.validated_data["style"], language=data.validated_data.get("language"))
        body = UploadCreatedSerializer(started, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def get_queryset(self) -> Any:
        return uploads_of(owner=request_owner_or_none(self.request))


class UploadDetailApi(PolledView, APIView):
    @extend_schema(responses=UploadSerializer)
    def get(self, request: Request, upload_id: uuid.UUID) -> Response:
        upload = upload_get(owner=request_owner_or_none(request), upload_id=upload_id)
        if upload is None:
            raise NotFound()
        return Response(UploadSerializer(upload, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, upload_id: uuid.UUID) -> Response:
        upload = upload_get(owner=request_owner_or_none(request), upload_id=upload_id)
        if upload is None:
            raise NotFound()
        upload_delete(upload=upload)
        return Response(status=status.HTTP_204_NO_CONTENT)
