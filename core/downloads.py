"""Serve stored files to their owner: inline with byte ranges (players seek), or as a download
with a sensible file name. Local media is streamed by Django; cloud media is a redirect to a
short-lived signed URL carrying the same name.

Under ASGI a file is read a block (256 KiB) at a time by an async iterator: Django reads a
synchronous one whole into memory before sending a byte, so every download of a long track
would hold all of it at once.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import BinaryIO

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.handlers.asgi import ASGIRequest
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOCK_BYTES = 256 * 1024  # per read: few thread hops for a track, little memory per download


def file_response(request: HttpRequest, file: FieldFile, *, content_type: str, filename: str,
                  attachment: bool, max_age: int | None = None) -> HttpResponse:
    return stored_response(request, file.storage, file.name, content_type=content_type,
                           filename=filename, attachment=attachment, max_age=max_age)


def stored_response(request: HttpRequest, storage: Storage, name: str, *, content_type: str,
                    filename: str, attachment: bool, max_age: int | None = None) -> HttpResponse:
    """`max_age`: how long the answer may be kept (at most the signature's life left)."""
    disposition = content_disposition_header(attachment, filename)
    if not isinstance(storage, FileSystemStorage):
        parameters = {"response_type": content_type, "response_disposition": disposition}
        return HttpResponseRedirect(storage.url(name, parameters=parameters))
    size = storage.size(name)
    start, end = _byte_range(request.headers.get("Range", ""), size)
    handle = storage.open(name, "rb")
    first = 0 if start is None else start
    handle.seek(first)
    blocks = (_blocks_async if isinstance(request, ASGIRequest) else _blocks)(
        handle, end - first + 1)
    response = StreamingHttpResponse(blocks, content_type=content_type,
                                     status=200 if start is None else 206)
    # The server closes the response when it is done or the client went away; so does the file
    # (as Django's FileResponse does its own).
    response._resource_closers.append(handle.close)
    response["Content-Length"] = str(end - first + 1)
    if start is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    if max_age is None:
        max_age = settings.MEDIA_URL_SECONDS
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response


def _blocks(handle: BinaryIO, length: int) -> Iterator[bytes]:
    with handle:
        while length > 0 and (block := handle.read(min(BLOCK_BYTES, length))):
            length -= len(block)
            yield block


async def _blocks_async(handle: BinaryIO, length: int) -> AsyncIterator[bytes]:
    # Each read in a worker thread, off the event loop; the file closes even if the client
    # goes away mid-way (the generator is closed then).
    read = sync_to_async(handle.read, thread_sensitive=False)
    try:
        while length > 0 and (block := await read(min(BLOCK_BYTES, length))):
            length -= len(block)
            yield block
    finally:
        await sync_to_async(handle.close, thread_sensitive=False)()


def _byte_range(header: str, size: int) -> tuple[int | None, int]:
    match = _RANGE.match(header.strip())
    if not match or size == 0 or match.groups() == ("", ""):
        return None, size - 1
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start > end or start >= size:
        return None, size - 1
    return start, end
