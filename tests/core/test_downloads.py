"""Local media is streamed a block at a time, under ASGI too (where Django would read a
synchronous iterator whole into memory before sending anything)."""

from __future__ import annotations

import os
import warnings

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import AsyncRequestFactory, RequestFactory

from core.downloads import BLOCK_BYTES, stored_response

SIZE = 20 * BLOCK_BYTES + 123


@pytest.fixture
def stored(tmp_path) -> tuple[FileSystemStorage, str, bytes]:
    storage = FileSystemStorage(location=tmp_path)
    data = os.urandom(SIZE)
    return storage, storage.save("track.wav", ContentFile(data)), data


def _respond(request, storage, name):
    return stored_response(request, storage, name, content_type="audio/wav",
                           filename="Dusk, 92 bpm.wav", attachment=False)


async def _blocks(response) -> list[bytes]:
    return [block async for block in response.streaming_content]


async def test_under_asgi_a_file_goes_out_in_blocks_without_reading_it_whole(stored):
    storage, name, data = stored
    response = _respond(AsyncRequestFactory().get("/media/track.wav"), storage, name)
    assert response.is_async
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "must consume synchronous iterators" would raise
        blocks = await _blocks(response)
    assert b"".join(blocks) == data
    assert len(blocks) == 21 and max(map(len, blocks)) == BLOCK_BYTES
    assert response["Content-Length"] == str(SIZE) and response.status_code == 200


async def test_under_asgi_a_range_is_streamed_too(stored):
    storage, name, data = stored
    request = AsyncRequestFactory().get("/media/track.wav", headers={"Range": "bytes=1000-"})
    response = _respond(request, storage, name)
    blocks = await _blocks(response)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-{SIZE - 1}/{SIZE}"
    assert response["Content-Length"] == str(SIZE - 1000)
    assert b"".join(blocks) == data[1000:] and max(map(len, blocks)) <= BLOCK_BYTES


def _open_here(path: str) -> bool:
    fds = f"/proc/{os.getpid()}/fd"
    return any(os.path.realpath(f"{fds}/{fd}") == path for fd in os.listdir(fds))


async def test_under_asgi_a_client_that_goes_away_leaves_no_file_open(stored):
    storage, name, _ = stored
    response = _respond(AsyncRequestFactory().get("/media/track.wav"), storage, name)
    await response.streaming_content.__anext__()
    assert _open_here(storage.path(name))
    response.close()  # what Django's handler does when the connection drops, as at the end
    assert not _open_here(storage.path(name))


def test_under_wsgi_the_same_blocks_and_ranges(stored):
    storage, name, data = stored
    response = _respond(RequestFactory().get("/media/track.wav"), storage, name)
    blocks = list(response.streaming_content)
    assert not response.is_async and b"".join(blocks) == data and len(blocks) == 21
    part = _respond(RequestFactory().get("/", headers={"Range": "bytes=0-99"}), storage, name)
    assert part.status_code == 206 and b"".join(part.streaming_content) == data[:100]
    assert part["Content-Disposition"] == 'inline; filename="Dusk, 92 bpm.wav"'
