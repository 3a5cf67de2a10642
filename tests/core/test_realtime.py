from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token

from accounts.services import api_token_create
from config.asgi import application
from core.ownership import SESSION_OWNER_KEY, Owner
from tests.demo.services import demo_job_create

pytestmark = pytest.mark.django_db(transaction=True)

HOST = (b"host", b"127.0.0.1:8000")
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


@sync_to_async
def _session_cookie(owner_key: str) -> bytes:
    session = SessionStore()
    session[SESSION_OWNER_KEY] = owner_key
    session.save()
    return f"sessionid={session.session_key}".encode()


async def _socket(owner_key: str) -> WebsocketCommunicator:
    cookie = await _session_cookie(owner_key)
    communicator = WebsocketCommunicator(application, "/ws/jobs/",
                                         headers=[HOST, ORIGIN, (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _drain(communicator: WebsocketCommunicator) -> list[dict]:
    events = []
    while not await communicator.receive_nothing(timeout=0.2):
        events.append(await communicator.receive_json_from())
    return events


@sync_to_async
def _run_demo(owner: Owner, **fields):
    from django.db import transaction

    with transaction.atomic():
        job = demo_job_create(owner=owner, **fields)
    job.refresh_from_db()
    return job


async def test_owner_socket_receives_every_transition_and_others_receive_none(settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # every step pushed
    mine = await _socket("alice")
    theirs = await _socket("bob")

    job = await _run_demo(Owner(session_key="alice"), steps=2)

    events = await _drain(mine)
    assert all(event["type"] == "job.update" for event in events)
    assert {event["job"]["id"] for event in events} == {str(job.pk)}
    statuses = [event["job"]["status"] for event in events]
    assert statuses[0] == "queued"
    assert statuses[1] == "running"
    assert statuses[-1] == "succeeded"
    progress = [event["job"]["progress"] for event in events if event["job"]["status"] == "running"]
    assert progress == sorted(progress) and progress[-1] > 0  # progress steps were pushed
    # Absolute, for the host the socket was opened on, as the HTTP API answers it.
    assert events[-1]["job"]["result_url"] == f"http://{HOST[1].decode()}/demo/{job.pk}/"
    assert events[-1]["job"]["kind"] == "demo"

    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()


async def test_failure_is_pushed_with_its_message():
    mine = await _socket("carol")
    await _run_demo(Owner(session_key="carol"), fail_with="The demo service said no.")
    events = await _drain(mine)
    assert events[-1]["job"]["status"] == "failed"
    assert events[-1]["job"]["error"] == "The demo service said no."
    await mine.disconnect()


@pytest.mark.parametrize("kind", ["account", "drf"])
async def test_token_subprotocol_subscribes_a_program_to_its_users_jobs(kind):
    user = await sync_to_async(get_user_model().objects.create_user)("prog", password="x")
    if kind == "account":
        _, key = await sync_to_async(api_token_create)(user=user, name="sync")
    else:
        key = (await sync_to_async(Token.objects.create)(user=user)).key
    communicator = WebsocketCommunicator(application, "/ws/jobs/",
                                         subprotocols=["reverie.token", key],
                                         headers=[(b"host", b"127.0.0.1:8000")])
    connected, protocol = await communicator.connect()
    assert connected  # programs send no Origin header
    assert protocol == "reverie.token"  # the server names the protocol, never echoes the key
    job = await _run_demo(Owner(user_id=user.pk))
    events = await _drain(communicator)
    assert events and events[-1]["job"]["status"] == "succeeded"
    # Absolute, as the HTTP API answers it, for the host the program connected to.
    assert events[-1]["job"]["result_url"] == f"http://127.0.0.1:8000/demo/{job.pk}/"
    await communicator.disconnect()


async def test_bad_token_and_no_session_are_refused():
    communicator = WebsocketCommunicator(application, "/ws/jobs/",
                                         subprotocols=["reverie.token", "nope"])
    connected, code = await communicator.connect()
    assert not connected and code == 4401
    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=[HOST, ORIGIN])
    connected, code = await communicator.connect()
    assert not connected and code == 4401


async def test_socket_from_another_site_is_refused():
    cookie = await _session_cookie("dave")
    communicator = WebsocketCommunicator(
        application, "/ws/jobs/",
        headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_token_in_the_url_is_not_accepted():
    user = await sync_to_async(get_user_model().objects.create_user)("urly", password="x")
    token = await sync_to_async(Token.objects.create)(user=user)
    communicator = WebsocketCommunicator(application, f"/ws/jobs/?token={token.key}")
    connected, code = await communicator.connect()
    assert not connected and code == 4401


@pytest.mark.parametrize("origin", [b"http://127.0.0.1:9000", b"https://127.0.0.1:8000",
                                    b"http://127.0.0.1", b"http://localhost:8000"])
async def test_same_host_on_another_port_or_scheme_is_another_site(origin):
    cookie = await _session_cookie("erin")
    communicator = WebsocketCommunicator(
        application, "/ws/jobs/", headers=[HOST, (b"origin", origin), (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_trusted_origin_may_open_the_socket(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example"]
    cookie = await _session_cookie("fay")
    communicator = WebsocketCommunicator(
        application, "/ws/jobs/",
        headers=[HOST, (b"origin", b"https://app.example"), (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_layer_call_refuses_to_block_an_event_loop():
    from channels.layers import get_channel_layer

    from core.realtime import layer_call

    with pytest.raises(RuntimeError, match="await the layer"):
        layer_call(get_channel_layer().group_send("owner.nobody", {"type": "job.update"}))


async def test_sockets_connect_and_receive_while_the_shared_sync_thread_is_busy():
    """Thread-sensitive sync work in an ASGI process shares one thread outside requests; a
    socket's lookups and its per-message housekeeping must not queue behind it (under load
    they did, for seconds)."""
    import asyncio
    import threading

    from channels.layers import get_channel_layer

    user = await sync_to_async(get_user_model().objects.create_user)("busy", password="x")
    key = (await sync_to_async(Token.objects.create)(user=user)).key
    cookie = await _session_cookie("frank")
    release = threading.Event()
    busy = asyncio.ensure_future(sync_to_async(release.wait, thread_sensitive=True)())
    try:
        program = WebsocketCommunicator(application, "/ws/jobs/", headers=[HOST],
                                        subprotocols=["reverie.token", key])
        browser = WebsocketCommunicator(application, "/ws/jobs/",
                                        headers=[HOST, ORIGIN, (b"cookie", cookie)])
        assert (await program.connect(timeout=3))[0]
        assert (await browser.connect(timeout=3))[0]
        layer = get_channel_layer()
        job = {"id": "j1", "status": "running", "result_url": "/demo/j1/"}
        await layer.group_send(Owner(user_id=user.pk).group, {"type": "job.update", "job": job})
        await layer.group_send(Owner(session_key="frank").group,
                               {"type": "job.update", "job": job})
        assert (await program.receive_json_from(timeout=3))["job"]["id"] == "j1"
        assert (await browser.receive_json_from(timeout=3))["job"]["id"] == "j1"
        await browser.send_json_to({"type": "ping"})
        assert await browser.receive_json_from(timeout=3) == {"type": "pong"}
        assert not busy.done()  # all of it happened while the shared thread was held
        await program.disconnect()
        await browser.disconnect()
    finally:
        release.set()
        await busy
