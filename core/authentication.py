from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.authentication import SessionAuthentication


class OwnerSessionAuthentication(SessionAuthentication):
    """Session auth that also guards anonymous visitors' sessions against cross-site writes.

    DRF checks CSRF only for signed-in users; here anonymous visitors own things through
    their session too, so an unsafe request carrying a session cookie must pass CSRF.
    """

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None and request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            if settings.SESSION_COOKIE_NAME in request._request.COOKIES:
                self.enforce_csrf(request)
        return result
