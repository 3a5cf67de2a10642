from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token

from config.asgi import application
from core.ownership import SESSION_OWNER_KEY, Owner
from tests.demo.services import demo_job_create

pytestmark = pytest.mark.django_db(transaction=True)

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
                                         headers=[ORIGIN, (b"cookie", cookie)])
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


async def test_owner_socket_receives_every_transition_and_others_receive_none():
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
    assert events[-1]["job"]["result_url"] == f"/demo/{job.pk}/"
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


async def test_token_query_subscribes_a_program_to_its_users_jobs():
    user = await sync_to_async(get_user_model().objects.create_user)("prog", password="x")
    token = await sync_to_async(Token.objects.create)(user=user)
    communicator = WebsocketCommunicator(application, f"/ws/jobs/?token={token.key}",
                                         headers=[(b"host", b"127.0.0.1:8000")])
    connected, _ = await communicator.connect()
    assert connected  # programs send no Origin header
    job = await _run_demo(Owner(user_id=user.pk))
    events = await _drain(communicator)
    assert events and events[-1]["job"]["status"] == "succeeded"
    # Absolute, as the HTTP API answers it, for the host the program connected to.
    assert events[-1]["job"]["result_url"] == f"http://127.0.0.1:8000/demo/{job.pk}/"
    await communicator.disconnect()


async def test_bad_token_and_no_session_are_refused():
    communicator = WebsocketCommunicator(application, "/ws/jobs/?token=nope")
    connected, code = await communicator.connect()
    assert not connected and code == 4401
    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=[ORIGIN])
    connected, code = await communicator.connect()
    assert not connected and code == 4401


async def test_socket_from_another_site_is_refused():
    cookie = await _session_cookie("dave")
    communicator = WebsocketCommunicator(
        application, "/ws/jobs/",
        headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie)])
    connected, _ = await communicator.connect()
    assert not connected
