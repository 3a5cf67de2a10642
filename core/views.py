from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Local media (the default storage): served by the app. Keys are random, so an address
    is as private as the page that shows it. With cloud storage, media URLs point there."""
    if not isinstance(default_storage, FileSystemStorage):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
