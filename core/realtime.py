"""Push job changes to their owner's open sockets (group "owner.<key>")."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core.models import Job
from core.ownership import owner_of

log = logging.getLogger(__name__)


def job_payload(job: Job) -> dict:
    from core.serializers import JobSerializer

    return dict(JobSerializer(job).data)


def job_broadcast(job: Job) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "job.update", "job": job_payload(job)}
    try:
        async_to_sync(layer.group_send)(owner_of(job).group, message)
    except Exception:
        # A lost update costs a page one poll; a failed job because Redis blinked costs more.
        log.warning("could not broadcast %s", job, exc_info=True)
