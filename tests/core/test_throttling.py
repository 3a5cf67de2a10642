"""The API's throttles (core.throttling): whose bucket a request counts against, the polled
reads' own scope, and requests going through when the throttle's cache is down."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from core import throttling
from core.throttling import client_address
from tests.accounts.factories import TokenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_buckets():
    cache.clear()


@pytest.fixture
def rates(monkeypatch):
    # DRF binds the rates to its throttle classes when they are imported.
    def set_rates(**rates: str) -> None:
        merged = {"anon": "1000/minute", "user": "1000/minute", "poll": "1000/minute", **rates}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", merged)
    return set_rates


class _Request:
    def __init__(self, remote: str, forwarded: str = "") -> None:
        self.META = {"REMOTE_ADDR": remote}
        if forwarded:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "client"), [
    ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),               # no proxy trusted: the peer
    (["10.0.0.0/8"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),   # an untrusted peer's XFF
    (["10.0.0.1"], "10.0.0.1", "1.2.3.4", "1.2.3.4"),            # behind our proxy
    (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),  # right-most untrusted
    (["10.0.0.0/8"], "10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),  # all ours: the first
    (["10.0.0.0/8"], "10.0.0.1", "junk, 1.2.3.4", "1.2.3.4"),
    (["10.0.0.0/8"], "10.0.0.1", "1.2.3.4, junk", "10.0.0.1"),   # not a proxy's writing
    (["10.0.0.0/8"], "10.0.0.1", "", "10.0.0.1"),
])
def test_the_client_address(settings, proxies, remote, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(_Request(remote, forwarded)) == client


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_keeps_its_bucket(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    assert client.get("/api/demo/throttled/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    again = client.get("/api/demo/throttled/", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert again.status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    assert proxy.get("/api/demo/throttled/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    # What the client wrote before our proxy's entry does not give it a new bucket.
    spoofed = proxy.get("/api/demo/throttled/", HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1")
    assert spoofed.status_code == 429
    assert proxy.get("/api/demo/throttled/", HTTP_X_FORWARDED_FOR="1.1.1.2").status_code == 200


def test_anonymous_requests_do_not_count_against_the_user_rate(rates):
    rates(user="2/minute")
    anonymous = APIClient()
    assert [anonymous.get("/api/").status_code for _ in range(4)] == [200] * 4
    program = APIClient(HTTP_AUTHORIZATION=f"Token {TokenFactory().key}")
    assert [program.get("/api/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_users_requests_do_not_count_against_the_address(rates):
    rates(anon="2/minute")
    program = APIClient(HTTP_AUTHORIZATION=f"Token {TokenFactory().key}")
    assert [program.get("/api/").status_code for _ in range(4)] == [200] * 4
    assert [APIClient().get("/api/").status_code for _ in range(3)] == [200, 200, 429]


def test_job_polls_have_their_own_generous_scope(rates):
    rates(anon="2/minute", poll="5/minute")
    client = APIClient()
    job = f"/api/jobs/{uuid.uuid4()}/"
    assert [client.get(job).status_code for _ in range(5)] == [404] * 5
    assert client.get(job).status_code == 429
    # Polling used none of the rest of the API's allowance, nor the other way round.
    assert [client.get("/api/").status_code for _ in range(3)] == [200, 200, 429]


def test_with_the_cache_down_requests_go_through_and_the_outage_is_logged_once(
        settings, caplog, monkeypatch):
    # A real Redis client against a port nothing listens on: connection refused.
    settings.CACHES = {"default": {
        "BACKEND": "core.redis_pool.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"pool_class": "core.redis_pool.SharedConnectionPool",
                    "socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    monkeypatch.setattr(throttling, "outage", throttling.CacheOutage())
    client = APIClient()
    with caplog.at_level(logging.WARNING, logger="core.throttling"):
        statuses = [client.get("/api/demo/throttled/").status_code for _ in range(3)]
        statuses.append(client.get(f"/api/jobs/{uuid.uuid4()}/").status_code)
    assert statuses == [200, 200, 200, 404]  # a 1/minute throttle let all through
    outages = [r for r in caplog.records if "not answering" in r.getMessage()]
    assert len(outages) == 1

