from __future__ import annotations

from drf_spectacular.authentication import SessionScheme


class OwnerSessionScheme(SessionScheme):
    target_class = "core.authentication.OwnerSessionAuthentication"
