"""Private media: short-lived signed URLs, one scheme for every file.

On Cloud Storage a file's URL is a V4 signed URL (django-storages, querystring_auth). Locally
it is `<path>?m=<token>`: a TimestampSigner token binding the URL path, an optional share-link
token, and how to serve it (download name, inline or attachment). Both expire after
MEDIA_URL_SECONDS. A URL is minted only where the owner was checked (or a share link was
valid), so whoever holds it — an <audio> element, curl, a phone app — may fetch it; without a
valid signature the answer is a 404.

URLs minted through a share link carry its token and are checked against it still being
active at every fetch, so revoking the link revokes its files.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest

SIGNATURE_PARAM = "m"
_SALT = "reverie.media"
# Apps with share links register a check "is this share token still active?" by name.
_SHARE_CHECKS: dict[str, Callable[[str], bool]] = {}


@dataclass(frozen=True)
class Grant:
    """What a verified signature allows: this path, served this way, for `seconds_left`."""

    path: str
    filename: str
    attachment: bool
    seconds_left: int


def share_check_register(kind: str, check: Callable[[str], bool]) -> None:
    _SHARE_CHECKS[kind] = check


def signed_path(path: str, *, filename: str = "", attachment: bool = False,
                share: tuple[str, str] | None = None) -> str:
    """`path` with a signature that lets anyone holding it fetch it until it expires."""
    payload: dict[str, object] = {"p": path}
    if filename:
        payload["n"] = filename
    if attachment:
        payload["a"] = 1
    if share is not None:
        payload["s"] = list(share)
    token = signing.TimestampSigner(salt=_SALT).sign_object(payload, compress=True)
    return f"{path}?{urlencode({SIGNATURE_PARAM: token})}"


def file_url(file: FieldFile, *, share: tuple[str, str] | None = None, filename: str = "",
             attachment: bool = False) -> str:
    """A stored file's URL; through a share link it stays revocable on every storage."""
    if share is None and not isinstance(file.storage, FileSystemStorage):
        return file.storage.url(file.name)
    return signed_path(media_path(file.name), share=share, filename=filename,
                       attachment=attachment)


def media_path(name: str) -> str:
    return f"{settings.MEDIA_URL}{name}"


def grant_of(request: HttpRequest) -> Grant | None:
    """The request's signature, if it is genuine, unexpired, for this path and still shared."""
    token = request.GET.get(SIGNATURE_PARAM, "")
    if not token:
        return None
    lifetime = settings.MEDIA_URL_SECONDS
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        payload = signer.unsign_object(token, max_age=lifetime)
        signed_at = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("p") != request.path:
        return None
    share = payload.get("s")
    if share is not None and not _share_active(share):
        return None
    return Grant(path=request.path, filename=str(payload.get("n", "")),
                 attachment=bool(payload.get("a")),
                 seconds_left=max(0, int(signed_at + lifetime - time.time())))


def _share_active(share: object) -> bool:
    if not isinstance(share, list) or len(share) != 2:
        return False
    check = _SHARE_CHECKS.get(str(share[0]))
    return check is not None and check(str(share[1]))
