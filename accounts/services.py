from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import ApiToken

# last_used is a hint for the owner, not an audit log: one write a minute is enough.
_LAST_USED_GRANULARITY = timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=key_hash(key),
                                    prefix=key[:8])
    return token, key


def api_token_revoke(*, user: Any, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def api_token_user(*, key: str) -> Any | None:
    """The active user a key belongs to: one of ours, or a `drf_create_token` token."""
    from rest_framework.authtoken.models import Token

    # get(), not first(): both keys are unique, and first() would add an ORDER BY to every
    # authenticated API request.
    try:
        token = ApiToken.objects.select_related("user").get(key_hash=key_hash(key))
    except ApiToken.DoesNotExist:
        try:
            user = Token.objects.select_related("user").get(key=key).user
        except Token.DoesNotExist:
            return None
    else:
        now = timezone.now()
        if token.last_used is None or now - token.last_used > _LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        user = token.user
    return user if user.is_active else None
