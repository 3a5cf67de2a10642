"""The API's throttles: one bucket per client, that a header cannot reset and a cache outage
cannot turn into errors.

- The client's address is REMOTE_ADDR, unless that peer is one of TRUSTED_PROXIES: then it is
  the right-most address of X-Forwarded-For that is not a trusted proxy (what our own proxy
  saw), never a value the client wrote to the left of it.
- Anonymous requests count against the address ("anon"), signed-in ones against the user
  ("user"); neither counts the other's.
- Status reads that pages and programs poll (a job, an upload) have a generous scope of their
  own ("poll"), so watching a job never uses up the rest of the API.
- If the cache holding the counts is down, requests go through, and the outage is logged once
  per OUTAGE_LOG_SECONDS instead of once per request.

Counts are kept per fixed window of the rate's period (one INCR and EXPIRE, pipelined: one
Redis round trip) instead of DRF's sliding list of timestamps, which is read, unpickled,
pickled and written back whole on every request (600 floats for "600/minute"). A client may
burst up to twice its rate across a window's edge, which a throttle against abuse allows.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)

OUTAGE_LOG_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Any) -> str:
    """The address of the client that sent this request (see the module's docstring)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    address = peer
    for hop in reversed([h for h in hops if h]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not written by a proxy of ours: stop at the last address we can trust
        address = hop
        if not _is_trusted(hop, networks):
            break
    return address


class CacheOutage:
    """Logs a cache outage at most once per OUTAGE_LOG_SECONDS (per process)."""

    def __init__(self, message: str = "The throttle's cache is not answering (%s); letting "
                                      "requests through unthrottled (logged once a minute "
                                      "while it lasts).", logger: logging.Logger = log) -> None:
        self._lock = threading.Lock()
        self._log = logger
        self._last = float("-inf")
        self._message = message

    def report(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < OUTAGE_LOG_SECONDS:
                return
            self._last = now
        self._log.warning(self._message, exc)


outage = CacheOutage()


class WindowThrottle(SimpleRateThrottle):
    """A count per client per window of the rate's period; fails open (see the docstring)."""

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.window_ends = (window + 1) * self.duration
        try:
            count = _hit(f"{key}_{window}", self.duration)
        except (RedisError, OSError) as exc:  # the cache's own: redis-py's, a socket's
            outage.report(exc)
            return True
        return count <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_ends - self.timer())

    def get_ident(self, request: Any) -> str:
        return client_address(request)


def _hit(key: str, ttl: int) -> int:
    """Count one request under `key` in the default cache; the count so far in this window."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full, write=True).pipeline(transaction=False)
        pipe.incr(full)
        pipe.expire(full, ttl + 1)
        return int(pipe.execute()[0])
    # Other caches (the in-memory one of `make run`): in this process, so two calls are cheap.
    backend.add(key, 0, ttl + 1)
    return backend.incr(key)


class AnonThrottle(WindowThrottle):
    """Anonymous requests, per client address."""

    scope = "anon"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None  # UserThrottle's
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(WindowThrottle):
    """Signed-in (or token) requests, per user; anonymous ones are AnonThrottle's alone."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class PollThrottle(WindowThrottle):
    """Polled status reads, per user or else per client address."""

    scope = "poll"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PolledView:
    """For an API view whose GET is polled: its reads take the "poll" scope, its writes the
    default throttles."""

    def get_throttles(self) -> list[Any]:
        if self.request.method in SAFE_METHODS:  # type: ignore[attr-defined]
            return [PollThrottle()]
        return super().get_throttles()  # type: ignore[misc]
