from __future__ import annotations

import uuid

from core.jobs import job_models
from core.models import Job
from core.ownership import Owner


def job_get(*, owner: Owner | None, job_id: uuid.UUID | str) -> Job | None:
    """The owner's job with this id, whatever app it belongs to; None for anyone else's."""
    if owner is None:
        return None
    for model in job_models():
        job = owner.filter(model.objects.filter(pk=job_id)).first()
        if job is not None:
            return job
    return None
