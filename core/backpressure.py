"""Refusing new work kindly when there is already too much of it.

A service that starts jobs calls `jobs_admit(owner)` before it writes anything: an owner
with JOB_MAX_QUEUED_PER_OWNER jobs still waiting (background follow-ups not counted) gets a
429, and everyone gets a 503 while JOB_MAX_QUEUED jobs wait in all or while the broker was
just found unreachable. Each answer carries Retry-After, and nothing was saved, so trying
again later is all a client needs to do.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connections
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_noop

from core.errors import Busy
from core.job_kinds import job_models
from core.models import Job
from core.ownership import Owner

log = logging.getLogger(__name__)

OWNER_BACKLOG = gettext_noop(
    "You already have {count} pieces of work waiting their turn. Please wait for some of them "
    "to finish, then try again.")
QUEUE_FULL = gettext_noop(
    "Reverie has a long queue of work just now, so nothing was saved. Please try again in a "
    "minute.")
BROKER_DOWN = gettext_noop(
    "Reverie's job queue is not answering just now, so nothing was saved. Please try again in "
    "a few seconds.")


def jobs_admit(*, owner: Owner) -> None:
    """Raise Busy unless there is room for `owner`'s new jobs."""
    if broker_down_for() > 0:
        raise Busy(gettext(BROKER_DOWN), code="queue_unavailable", retry_after=broker_down_for())
    mine, total = _queued_counts(owner)
    if mine >= settings.JOB_MAX_QUEUED_PER_OWNER:
        raise Busy(gettext(OWNER_BACKLOG).format(count=mine), code="too_many_jobs", status=429,
                   retry_after=settings.JOB_OWNER_RETRY_AFTER_SECONDS)
    if total >= settings.JOB_MAX_QUEUED:
        log.warning("refusing new work: %d jobs queued", total)
        raise Busy(gettext(QUEUE_FULL), code="queue_full", retry_after=60)


def _queued_counts(owner: Owner) -> tuple[int, int]:
    # The owner's backlog is the work they asked for: background follow-ups (a finished
    # track's MP3 and OGG) wait behind everything by design, and would otherwise refuse
    # someone whose every track already plays. They count towards the whole queue.
    mine_q = owner_q(owner)
    mine = total = 0
    for model in job_models():
        counts = model.objects.filter(status=Job.Status.QUEUED).aggregate(
            total=Count("pk"), mine=Count("pk", filter=mine_q))
        mine += 0 if model.background else counts["mine"]
        total += counts["total"]
    return mine, total


def owner_q(owner: Owner) -> Q:
    if owner.user_id is not None:
        return Q(user_id=owner.user_id)
    if not owner.session_key:
        return Q(pk__isnull=True)  # an owner with no session key owns nothing
    return Q(user__isnull=True, session_key=owner.session_key)


def pooled_connections_release() -> None:
    """Give this thread's pooled database connections back before it waits for something
    else (a decode slot, a file being made); its next query borrows one again.

    A request keeps the connection it first borrowed until it ends, so requests queued for a
    slow resource otherwise held the pool's every connection, and quick ones (job polls)
    waited behind them. Inside a transaction, or unpooled, a connection is left as it is.
    """
    for conn in connections.all(initialized_only=True):
        if (conn.settings_dict.get("OPTIONS", {}).get("pool") and conn.connection is not None
                and not conn.in_atomic_block):
            conn.close()


# The broker, as last seen by this process -----------------------------------------------------

_down_until = 0.0
_down_lock = threading.Lock()


def broker_unreachable() -> None:
    """Record that sending to the broker just failed: new work is refused for a while."""
    global _down_until
    with _down_lock:
        _down_until = time.monotonic() + settings.JOB_BROKER_RETRY_SECONDS


def broker_down_for() -> int:
    """Whole seconds until the broker is worth trying again (0: go ahead)."""
    left = _down_until - time.monotonic()
    return max(1, round(left)) if left > 0 else 0


def broker_reachable() -> None:
    global _down_until
    with _down_lock:
        _down_until = 0.0
