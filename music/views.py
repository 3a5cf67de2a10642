from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse

from core.authentication import request_owner_for_read
from core.downloads import file_response
from core.media import grant_of
from music.models import Track
from music.selectors import track_get
from music.services import track_encode, track_encode_failure
from music.sound.audio import EncodeError

CONTENT_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg",
                 "midi": "audio/midi"}


def track_audio(request: HttpRequest, track_id: uuid.UUID, fmt: str) -> HttpResponse:
    """A track's audio (or MIDI), inline for the player or, with ?download=1, as a file:
    for a signed URL's holder, or for its owner (session or API token)."""
    grant = grant_of(request)
    if grant is not None:
        track = Track.objects.select_related("upload").filter(pk=track_id).first()
    else:
        track = track_get(owner=request_owner_for_read(request), track_id=track_id)
    if track is None or fmt not in CONTENT_TYPES or (fmt == "midi" and not track.midi):
        raise Http404
    if fmt in {"mp3", "ogg"} and not getattr(track, fmt):
        failure = track_encode_failure(track=track, fmt=fmt)
        if failure is not None:
            return HttpResponse(f"{failure} The WAV download works.", status=409,
                                content_type="text/plain; charset=utf-8")
        try:
            track = track_encode(track=track, fmt=fmt)
        except EncodeError as exc:
            return _try_again_later(exc.message)
    attachment = request.GET.get("download") == "1" or bool(grant and grant.attachment)
    return file_response(request, getattr(track, fmt), content_type=CONTENT_TYPES[fmt],
                         filename=track.download_name(fmt), attachment=attachment,
                         max_age=grant.seconds_left if grant else None)


def _try_again_later(message: str) -> HttpResponse:
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "5"
    return response
