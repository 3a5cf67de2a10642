from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ownership import request_owner_or_none
from music.selectors import track_get
from music.serializers import TrackSerializer
from music.services import track_delete


class TrackDetailApi(APIView):
    @extend_schema(responses=TrackSerializer)
    def get(self, request: Request, track_id: uuid.UUID) -> Response:
        track = track_get(owner=request_owner_or_none(request), track_id=track_id)
        if track is None:
            raise NotFound()
        return Response(TrackSerializer(track, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, track_id: uuid.UUID) -> Response:
        track = track_get(owner=request_owner_or_none(request), track_id=track_id)
        if track is None:
            raise NotFound()
        track_delete(track=track)
        return Response(status=status.HTTP_204_NO_CONTENT)
