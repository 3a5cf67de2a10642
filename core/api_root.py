"""GET /api/: every endpoint as an absolute link, grouped by app, with the schema and docs."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# {group: {link name: (url name, the url's id argument or None)}}. A link to one object shows
# the placeholder {id}, for the client to replace with the object's id.
ENDPOINTS: dict[str, dict[str, tuple[str, str | None]]] = {
    "uploads": {"uploads": ("upload-list-api", None),
                "upload": ("upload-detail-api", "upload_id")},
    "music": {"tracks": ("track-create-api", None), "track": ("track-detail-api", "track_id")},
    "jobs": {"job": ("job-detail", "job_id"), "job_cancel": ("job-cancel", "job_id")},
    "dreams": {"dreams": ("dream-list-api", None), "dream": ("dream-api", "dream_id"),
               "transcriptions": ("dream-transcription-create-api", None),
               "symbols": ("dream-symbol-list-api", None)},
    "stories": {"stories": ("story-list", None), "story": ("story-detail", "story_id"),
                "story_pdf": ("story-pdf", "story_id"),
                "story_share": ("story-share", "story_id"),
                "transcribe": ("story-transcribe", None)},
    "api": {"schema": ("schema", None), "docs": ("docs", None)},
}
# A well-formed id to reverse with (the urls take UUIDs), swapped for the placeholder after.
_SAMPLE_ID = uuid.UUID(int=0)

RootSerializer = inline_serializer("ApiRoot", {
    group: inline_serializer(f"ApiRoot{group.title()}",
                             {name: serializers.URLField() for name in links})
    for group, links in ENDPOINTS.items()
})


def _link(request: Request, url_name: str, id_argument: str | None) -> str:
    if id_argument is None:
        return reverse(url_name, request=request)
    url = reverse(url_name, kwargs={id_argument: _SAMPLE_ID}, request=request)
    return url.replace(str(_SAMPLE_ID), "{id}")


class ApiRootApi(APIView):
    """The API's front door: follow the links instead of building addresses."""

    permission_classes = [AllowAny]

    @extend_schema(responses=RootSerializer, examples=[OpenApiExample(
        "links", response_only=True,
        value={"jobs": {"job": "http://127.0.0.1:8000/api/jobs/{id}/"}})])
    def get(self, request: Request) -> Response:
        return Response({group: {name: _link(request, url_name, id_argument)
                                 for name, (url_name, id_argument) in links.items()}
                         for group, links in ENDPOINTS.items()})
