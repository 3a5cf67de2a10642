from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.services import api_token_user


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with a named account token or a `drf_create_token` one."""

    def authenticate_credentials(self, key: str) -> tuple[Any, None]:
        user = api_token_user(key=key)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return user, None
