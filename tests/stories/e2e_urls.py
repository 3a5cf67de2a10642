"""The test URLconf plus local media read from MEDIA_ROOT at request time.

config.urls adds its media route only if the storage of the moment it is first imported is
the local one, and binds it to that moment's MEDIA_ROOT; browser tests serve the pictures of
their own temporary MEDIA_ROOT whatever an earlier test did.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from tests.urls import handler400, handler404, handler500
from tests.urls import urlpatterns as project_urlpatterns


def _media(request, path: str):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", _media), *project_urlpatterns]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
