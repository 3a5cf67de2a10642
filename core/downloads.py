"""Serve stored files to their owner: inline with byte ranges (players seek), or as a download
with a sensible file name. Local media is streamed by Django; cloud media is a redirect to a
short-lived signed URL carrying the same name."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


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
    if start is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        handle.seek(start)
        response = HttpResponse(handle.read(end - start + 1), status=206,
                                content_type=content_type)
        handle.close()
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    if max_age is None:
        max_age = settings.MEDIA_URL_SECONDS
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response


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
