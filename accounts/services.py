from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from accounts.models import ApiToken
from core.throttling import CacheOutage

# last_used is a hint for the owner, not an audit log: one write a minute is enough.
_LAST_USED_GRANULARITY = timedelta(minutes=1)
# Known keys are remembered in the cache under their hash (never the key itself) with their
# user, so an API request does not look its token up in the database each time. Deleting a
# token, or saving or deleting its user, forgets it at once in every process
# (accounts.signals); API_TOKEN_CACHE_SECONDS bounds what a change that sends no signal
# (a queryset update) can leave behind.
_CACHE_PREFIX = "api-token:"
_outage = CacheOutage("The cache of API tokens is not answering (%s); looking tokens up in "
                      "the database instead (logged once a minute while it lasts).",
                      logging.getLogger(__name__))


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


def token_cache_key(hashed: str) -> str:
    """Where the cache keeps what the key with this SHA-256 belongs to."""
    return _CACHE_PREFIX + hashed


def api_token_user(*, key: str) -> Any | None:
    """The active user a key belongs to: one of ours, or a `drf_create_token` token."""
    hashed = key_hash(key)
    entry = _cache_call(cache.get, token_cache_key(hashed))
    remember = entry is None
    if entry is None:
        entry = _token_lookup(key, hashed)
        if entry is None:
            return None  # unknown keys are not remembered: each one is looked up
    user, token_pk, last_used = entry
    now = timezone.now()
    if token_pk is not None and (last_used is None or now - last_used > _LAST_USED_GRANULARITY):
        ApiToken.objects.filter(pk=token_pk).update(last_used=now)
        entry, remember = (user, token_pk, now), True
    if remember:
        _cache_call(cache.set, token_cache_key(hashed), entry, settings.API_TOKEN_CACHE_SECONDS)
    return user if user.is_active else None


def _token_lookup(key: str, hashed: str) -> tuple[Any, int | None, Any] | None:
    """(user, our token's pk or None for a `drf_create_token` one, its last use)."""
    from rest_framework.authtoken.models import Token

    # get(), not first(): both keys are unique, and first() would add an ORDER BY to every
    # authenticated API request. The password hash stays out of the cache.
    try:
        token = (ApiToken.objects.select_related("user").defer("user__password")
                 .get(key_hash=hashed))
    except ApiToken.DoesNotExist:
        try:
            user = (Token.objects.select_related("user").defer("user__password")
                    .get(key=key).user)
        except Token.DoesNotExist:
            return None
        return user, None, None
    return token.user, token.pk, token.last_used


def tokens_forget(hashes: list[str]) -> None:
    """Forget what the cache remembers about these keys (by their SHA-256)."""
    if hashes:
        _cache_call(cache.delete_many, [token_cache_key(hashed) for hashed in hashes])


def _cache_call(method: Any, *args: Any) -> Any:
    """A cache call that an outage turns into a miss (and a log line) instead of an error."""
    try:
        return method(*args)
    except (RedisError, OSError) as exc:
        _outage.report(exc)
        return None
