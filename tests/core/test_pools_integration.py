"""Connection pools on the production services: PostgreSQL connections come from psycopg's
pool and an empty pool is a 503 with Retry-After; the cache (and so the throttle) shares one
Redis pool; the channel layer's read timeout outlasts its blocking pop."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from psycopg_pool import ConnectionPool

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pool() -> ConnectionPool:
    assert connection.vendor == "postgresql", "integration tests run on PostgreSQL"
    assert isinstance(connection.pool, ConnectionPool)
    return connection.pool


def test_threads_borrow_pooled_connections_instead_of_opening_their_own(pool):
    # What the ASGI server does: each request on a thread of its own, its connection closed
    # (given back) when it ends. Django's test client keeps connections open, so threads.
    def request() -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database()")
            seen.append(cursor.fetchone()[0])
        connections["default"].close()

    seen: list[int] = []
    request()
    before = pool.get_stats()
    for _ in range(3):  # three waves of 2 × the pool's size at once
        threads = [threading.Thread(target=request) for _ in range(2 * pool.max_size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    after = pool.get_stats()
    assert after["requests_num"] - before.get("requests_num", 0) == 6 * pool.max_size
    # Never more connections than the pool holds (plus the test's own), however many threads.
    assert after.get("connections_num", 0) <= pool.max_size
    assert max(seen) <= pool.max_size + 1
    assert pool.max_size == settings.DB_POOL_MAX


@pytest.fixture
def exhausted(pool):
    """Every pooled connection lent to a thread that holds it; the test's own given back."""
    connection.close()
    timeout, pool.timeout = pool.timeout, 0.5
    held, release = threading.Barrier(pool.max_size + 1), threading.Event()

    def hold() -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            held.wait()
            release.wait(30)
        connections["default"].close()

    threads = [threading.Thread(target=hold) for _ in range(pool.max_size)]
    for thread in threads:
        thread.start()
    held.wait(30)
    yield
    release.set()
    for thread in threads:
        thread.join(30)
    pool.timeout = timeout


def test_an_empty_pool_is_a_503_with_retry_after_on_the_api(exhausted):
    response = Client().get("/api/dream-symbols/?q=water")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "database_busy"
    connection.close()


def test_an_empty_pool_is_the_friendly_page_elsewhere(exhausted):
    client = Client()
    client.cookies["sessionid"] = "x" * 32  # reading the session needs the database
    response = client.get("/dreams/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "very busy" in response.content.decode()
    connection.close()


def test_every_cache_object_shares_one_redis_pool_and_client():
    seen, clients = [], []

    def use_cache() -> None:
        cache = caches["default"]  # a cache object of this thread's own
        cache.set("pool-probe", 1, 5)
        # The object itself, not its id: a finished thread's cache would be freed and its id
        # could be reused by the next thread's.
        seen.append((cache, cache._cache._get_connection_pool(write=True)))
        clients.extend([cache._cache.get_client(write=True), cache._cache.get_client()])

    threads = [threading.Thread(target=use_cache) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(cache) for cache, _ in seen}) == 4
    assert len({id(pool) for _, pool in seen}) == 1
    assert len({id(client) for client in clients}) == 1  # not one built per call
    pool = seen[0][1]
    assert len(pool._available_connections) + len(pool._in_use_connections) <= 4


def test_the_channel_layer_reads_longer_than_it_blocks():
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    host = layer.hosts[0]
    assert host["socket_timeout"] > layer.brpop_timeout


def test_broadcasts_from_job_threads_reuse_the_layer_s_redis_connection():
    import redis

    from core.realtime import job_broadcast
    from tests.core.factories import DemoJobFactory

    job = DemoJobFactory()
    job_broadcast(job)  # the process's sender loop and its connection, made once
    server = redis.Redis.from_url(settings.REDIS_URL)
    opened = server.info("stats")["total_connections_received"]

    def broadcast() -> None:
        for _ in range(5):
            job_broadcast(job)

    threads = [threading.Thread(target=broadcast) for _ in range(4)]  # as a worker's threads
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # 20 broadcasts; each used to start an event loop, and so a connection, of its own. The
    # layer's pool may grow by a few when the four threads send at once, no more.
    assert server.info("stats")["total_connections_received"] - opened <= 4


def test_api_keys_are_remembered_in_redis_and_forgotten_there_when_revoked():
    import redis
    from django.contrib.auth import get_user_model

    from accounts.services import api_token_create, api_token_revoke, api_token_user, key_hash

    server = redis.Redis.from_url(settings.REDIS_URL)
    user = get_user_model().objects.create_user("keyholder")
    token, key = api_token_create(user=user, name="sync")
    assert api_token_user(key=key) == user
    stored = server.keys(f"*api-token:{key_hash(key)}")
    assert len(stored) == 1  # under the key's hash, in the Redis every process shares
    caches["default"].close()  # another request, as another process would read it
    assert api_token_user(key=key) == user
    assert api_token_revoke(user=user, token_id=token.pk)
    assert server.keys(f"*api-token:{key_hash(key)}") == []
    assert api_token_user(key=key) is None


def test_the_throttle_counts_in_redis_with_one_round_trip_per_request():
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    client = Client()
    assert client.get("/api/demo/throttled/").status_code == 200  # "1/minute"
    refused = client.get("/api/demo/throttled/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*throttle_demo-once_*")
    assert len(keys) == 1  # one counter for the window, not a list of timestamps
    assert int(redis.Redis.from_url(settings.REDIS_URL).get(keys[0])) == 2


async def test_an_idle_socket_outlives_several_blocking_pops_and_still_hears_its_jobs():
    import asyncio

    from channels.layers import get_channel_layer
    from channels.testing import WebsocketCommunicator

    from config.asgi import application
    from core.ownership import Owner
    from tests.core.test_realtime import HOST, ORIGIN, _session_cookie

    layer = get_channel_layer()
    cookie = await _session_cookie("idle-owner")
    socket = WebsocketCommunicator(application, "/ws/jobs/",
                                   headers=[HOST, ORIGIN, (b"cookie", cookie)])
    connected, _ = await socket.connect()
    assert connected
    # Three of the layer's 5 s blocking pops with nothing to read: the read must not time out.
    await asyncio.sleep(3 * layer.brpop_timeout + 1)
    await layer.group_send(Owner(session_key="idle-owner").group,
                           {"type": "job.update", "job": {"id": "x", "status": "running"}})
    event = await socket.receive_json_from(timeout=5)
    assert event == {"type": "job.update", "job": {"id": "x", "status": "running"}}
    await socket.disconnect()


def test_a_request_waiting_for_a_decode_slot_gives_its_connection_back(pool, settings):
    # Uploads queued for a decode slot held the pool's every connection under load, and job
    # polls waited behind them. A waiting request holds none; its next query borrows again.
    from uploads.validation import decode_slot

    settings.UPLOAD_DECODES = 1
    connection.close()
    waiting, done = threading.Event(), threading.Event()
    seen: list[int] = []

    def upload() -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        waiting.set()
        with decode_slot(), connections["default"].cursor() as cursor:
            cursor.execute("SELECT 2")
            seen.append(cursor.fetchone()[0])
        connections["default"].close()
        done.set()

    def lent() -> int:
        stats = pool.get_stats()
        return stats.get("pool_size", 0) - stats.get("pool_available", 0)

    before = lent()
    with decode_slot():
        thread = threading.Thread(target=upload)
        thread.start()
        assert waiting.wait(10)
        time.sleep(0.3)  # long inside the slot's wait
        assert not done.is_set()
        assert lent() == before  # the waiting thread holds none of the pool's connections
    assert done.wait(10) and seen == [2]
    thread.join(10)


async def test_sockets_give_back_the_connections_their_lookups_borrowed(pool):
    # A socket's owner lookups run in worker threads of the event loop; each connection they
    # borrowed must be back in the pool once the socket is open, or every connect would keep
    # one for good and a busy server would run out.
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from config.asgi import application
    from tests.core.test_realtime import HOST, ORIGIN, _session_cookie

    user = await sync_to_async(get_user_model().objects.create_user)("pooled", password="x")
    key = (await sync_to_async(Token.objects.create)(user=user)).key
    cookie = await _session_cookie("gail")
    await sync_to_async(connections.close_all)()  # the test's own, in the shared thread

    def lent() -> int:
        stats = pool.get_stats()
        return stats.get("pool_size", 0) - stats.get("pool_available", 0)

    before = lent()
    sockets = [WebsocketCommunicator(application, "/ws/jobs/", headers=[HOST],
                                     subprotocols=["reverie.token", key]) for _ in range(3)]
    sockets += [WebsocketCommunicator(application, "/ws/jobs/",
                                      headers=[HOST, ORIGIN, (b"cookie", cookie)])
                for _ in range(3)]
    for socket in sockets:
        assert (await socket.connect(timeout=5))[0]
    assert lent() == before
    for socket in sockets:
        await socket.disconnect()
    assert lent() == before
