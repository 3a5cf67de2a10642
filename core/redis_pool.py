"""One Redis connection pool per process for the cache (and so the throttle).

Django makes a cache object per thread and, under ASGI, per request context, and each
RedisCache builds its own connection pool: every API request paid a new Redis connection for
its throttle. `CACHES["default"]["OPTIONS"]["pool_class"]` names this class, whose
`from_url` hands every cache object the same pool for the same URL and options. redis-py's
pool is thread-safe and resets itself in a forked child (it checks the pid).
"""

from __future__ import annotations

import threading
from typing import Any

import redis

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
