from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpRequest, HttpResponse

from core.downloads import stored_response
from core.fonts import NOTO_SANS_KR
from core.media import grant_of

# What mimetypes does not know, or names differently from what players expect.
_CONTENT_TYPES = {".wav": "audio/wav", ".mid": "audio/midi", ".midi": "audio/midi"}


def media(request: HttpRequest, path: str) -> HttpResponse:
    """A stored file, for whoever holds a valid signed URL of it (core.media); else a 404."""
    grant = grant_of(request)
    if grant is None or not default_storage.exists(path):
        raise Http404
    extension = posixpath.splitext(path)[1].lower()
    content_type = (_CONTENT_TYPES.get(extension) or mimetypes.guess_type(path)[0]
                    or "application/octet-stream")
    return stored_response(request, default_storage, path, content_type=content_type,
                           filename=grant.filename or posixpath.basename(path),
                           attachment=grant.attachment, max_age=grant.seconds_left)


FONT_MAX_AGE = 365 * 24 * 3600


def hangul_font(request: HttpRequest) -> HttpResponse:
    """Noto Sans KR, for a browser with no Korean font of its own (static/css/site.css names
    it after the system ones, for Hangul only, so others never fetch it)."""
    return stored_response(request, FileSystemStorage(location=NOTO_SANS_KR.parent),
                           NOTO_SANS_KR.name, content_type="font/ttf",
                           filename="NotoSansKR.ttf", attachment=False, max_age=FONT_MAX_AGE)
