from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse

from core.downloads import stored_response
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
