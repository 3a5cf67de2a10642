"""The domain errors, said once for the API, the pages and the jobs.

Everything a person should be told is a ReverieError: an HTTP status, a short code, a message
they can act on and, when it is about one input, that input's name. core.api_errors turns them into
the API's error shape, core.middleware into a page; `domain_error` also translates the few
outside exceptions we understand (a full or read-only disk, an oversized request body), so no
view catches an error of its own.

    ReverieError
    ├── InputRejected          4xx: input we will not take; nothing was written
    ├── Busy                   503 or 429: too much at once (the database's connections,
    │                          the job queue, one owner's queued jobs); try again later
    └── BackendError           503: a provider failed (the job runner retries these)
        └── StorageUnavailable 503: media could not be written
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext, gettext_noop

log = logging.getLogger(__name__)

T = TypeVar("T")

# Said in English here (what the log and tests compare); in the visitor's language when shown.
PROVIDER_UNAVAILABLE = gettext_noop("A service Reverie relies on is not answering just now, so "
                                    "nothing was saved. Please try again in a minute.")
STORAGE_UNAVAILABLE = gettext_noop("Reverie could not save files just now: its storage is full "
                                   "or not writable. Nothing was kept; please try again later.")
TOO_LARGE = gettext_noop("The request is too large. Please send less at a time.")
BUSY = gettext_noop("Reverie is very busy just now, so nothing was saved. Please try again in a "
                    "few seconds.")
RETRY_AFTER_SECONDS = 30
BUSY_RETRY_AFTER_SECONDS = 5
# SQLSTATE classes of a database that cannot take us now: 08 connection exceptions, 53
# insufficient resources ("too many clients already"), 57P operator intervention (shutting
# down, starting up). Connection failures with no SQLSTATE at all count too.
DATABASE_BUSY_SQLSTATES = ("08", "53", "57P")

# What a failed write to a full, read-only or forbidden place raises; ENOTDIR when MEDIA_ROOT
# (or a folder in it) is not a directory, e.g. a volume swapped out or not mounted.
STORAGE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EROFS,
                            errno.EDQUOT, errno.ENOTDIR})


class ReverieError(Exception):
    """An error a person should see: `status`, `code`, `message`, and `field` if it is about
    one input. `public_message` is what the API and pages say (by default, `message`)."""

    status: int = 400
    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 field: str | None = None) -> None:
        # A lazy message is said now, in the language of the request that raised it.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status
        self.field = field

    @property
    def public_message(self) -> str:
        return self.message

    @property
    def fields(self) -> dict[str, list[str]]:
        return {self.field: [self.public_message]} if self.field else {}

    @property
    def retry_after(self) -> int | None:
        """Seconds after which trying again may work (a Retry-After header), if ever."""
        return None


class InputRejected(ReverieError):
    """Input we will not take (a 4xx); raised before anything is written."""

    code = "invalid"


class BackendError(ReverieError):
    """A provider failed. `message` is for people; `permanent` says retrying cannot help.

    In a job the runner records `message` (and retries unless permanent). Met during a
    request, it is a 503 saying the same thing on every endpoint and page; the provider's
    own reason goes to the log, since it is for whoever runs the site.
    """

    status = 503
    code = "provider_unavailable"

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent

    @property
    def public_message(self) -> str:
        return gettext(PROVIDER_UNAVAILABLE)

    @property
    def retry_after(self) -> int | None:
        return None if self.permanent else RETRY_AFTER_SECONDS


class StorageUnavailable(BackendError):
    """Media could not be written: the disk is full or read-only, or the bucket refused."""

    code = "storage_unavailable"

    def __init__(self, message: str = STORAGE_UNAVAILABLE) -> None:
        super().__init__(gettext(message))

    @property
    def public_message(self) -> str:
        return self.message


class Busy(ReverieError):
    """Too much at once: the request waited as long as it should, or would wait too long.

    503 for the whole service (the database's pool, the job queue); 429 for one owner's own
    backlog. Either way with Retry-After, and nothing was written.
    """

    status = 503
    code = "busy"

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 status: int | None = None, retry_after: int = BUSY_RETRY_AFTER_SECONDS) -> None:
        super().__init__(message or gettext(BUSY), code=code, status=status)
        self._retry_after = retry_after

    @property
    def retry_after(self) -> int | None:
        return self._retry_after


def database_busy(exc: BaseException) -> Busy | None:
    """A Busy for a database that cannot give us a connection now (its pool stayed empty for
    DB_POOL_TIMEOUT, or PostgreSQL refused), None for anything else (a bug in a query)."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    cause = exc.__cause__
    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # SQLite only: nothing pooled, nothing to be busy about
        return None
    if isinstance(cause, PoolTimeout):
        return Busy(code="database_busy")
    if isinstance(cause, psycopg.OperationalError):
        sqlstate = cause.sqlstate or ""
        if not sqlstate or sqlstate.startswith(DATABASE_BUSY_SQLSTATES):
            return Busy(code="database_busy")
    return None


def storage_error(exc: BaseException) -> StorageUnavailable | None:
    if isinstance(exc, StorageUnavailable):
        return exc
    if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        return StorageUnavailable()
    return None


def domain_error(exc: BaseException) -> ReverieError | None:
    """The ReverieError an exception means to a person, or None if it is a bug of ours."""
    if isinstance(exc, ReverieError):
        error = exc
    elif isinstance(exc, RequestDataTooBig):
        error = InputRejected(gettext(TOO_LARGE), status=413, code="too_large")
    else:
        error = storage_error(exc) or database_busy(exc)
    if isinstance(error, Busy) and error is not exc:
        log.warning("%s during a request: %s", error.code, exc)
    if isinstance(error, BackendError):
        log.warning("%s during a request: %s", type(error).__name__, error.message,
                    exc_info=error is not exc and exc)
    return error


def form_submit(form: Any, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """`service(**kwargs)`; input it rejects becomes the form's error instead (on its field
    when the form has one), so the page shows it beside what the person typed. Anything else
    goes on to the error page."""
    try:
        return service(**kwargs)
    except InputRejected as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
