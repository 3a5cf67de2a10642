"""One Redis connection pool, and one client on it, per process for the cache (and so the
throttle).

Django makes a cache object per thread and, under ASGI, per request context, and each
RedisCache builds its own connection pool: every API request paid a new Redis connection for
its throttle. `CACHES["default"]["OPTIONS"]["pool_class"]` names this class, whose
`from_url` hands every cache object the same pool for the same URL and options. redis-py's
pool is thread-safe and resets itself in a forked child (it checks the pid).

Django's Redis cache also builds a new `redis.Redis` client for every operation (its
`get_client`); building one sets up ~170 response callbacks, ~0.3 ms of an API request's
throttle. `RedisCache` here keeps one client per pool: a client holds no connection of its
own (each command borrows one from the pool), so threads share it safely.
"""

from __future__ import annotations

import threading
from typing import Any

import redis
from django.core.cache.backends import redis as django_redis

_pools: dict[tuple[str, str], redis.ConnectionPool] = {}
_lock = threading.Lock()


class SharedConnectionPool(redis.ConnectionPool):
    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> redis.ConnectionPool:
        key = (url, repr(sorted(kwargs.items())))
        with _lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = redis.ConnectionPool.from_url(url, **kwargs)
            return pool


_clients: dict[redis.ConnectionPool, redis.Redis] = {}


class _SharedClientCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        pool = self._get_connection_pool(write)
        client = _clients.get(pool)
        if client is None:
            with _lock:
                client = _clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, with one client per connection pool instead of one per call."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._class = _SharedClientCacheClient
