from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings

from core.ownership import Owner, request_owner_or_none


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


def request_owner_for_read(request: HttpRequest) -> Owner | None:
    """The reader of a plain (non-API) view: an API token if one is sent, else the session."""
    try:
        result = _token_class()().authenticate(request)
    except AuthenticationFailed:
        return None
    if result is not None:
        return Owner(user_id=result[0].pk)
    return request_owner_or_none(request)


def token_user(key: str) -> Any | None:
    """The active user an API key belongs to, or None: checked by the API's own token class."""
    try:
        user, _ = _token_class()().authenticate_credentials(key)
    except AuthenticationFailed:
        return None
    return user


def _token_class() -> type[TokenAuthentication]:
    # The API's own token class (named account tokens and authtoken keys alike), so that
    # core need not know the app that defines it.
    token_classes = [cls for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES
                     if issubclass(cls, TokenAuthentication)] or [TokenAuthentication]
    return token_classes[0]
