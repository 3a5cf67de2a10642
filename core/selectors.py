from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from core.job_kinds import job_model, job_models
from core.models import Job
from core.ownership import Owner

# Which table holds a job id, as last found: a polled job is then read with one query
# instead of one per job table in turn. Ids are UUIDs and never move between tables.
_KIND_OF_ID: OrderedDict[str, type[Job]] = OrderedDict()
_KIND_OF_ID_MAX = 10_000
_lock = threading.Lock()


def job_get(*, owner: Owner | None, job_id: uuid.UUID | str, kind: str | None = None
            ) -> Job | None:
    """The owner's job with this id, whatever app it belongs to; None for anyone else's.

    With its `kind` known, one table is read. The API's job URLs carry only the id, so there
    the table last found for the id is read, or else each job table in turn.
    """
    if owner is None:
        return None
    key = str(job_id)
    if kind is not None:
        model = job_model(kind)
        candidates = [model] if model is not None else []
    else:
        known = _KIND_OF_ID.get(key)
        candidates = [known] if known is not None else job_models()
    for model in candidates:
        # get(), not first(): a lookup by primary key needs no ORDER BY (first() adds one).
        try:
            job = owner.filter(model.objects.filter(pk=job_id)).get()
        except model.DoesNotExist:
            continue
        _remember(key, model)
        return job
    return None


def _remember(key: str, model: type[Job]) -> None:
    with _lock:
        _KIND_OF_ID[key] = model
        _KIND_OF_ID.move_to_end(key)
        while len(_KIND_OF_ID) > _KIND_OF_ID_MAX:
            _KIND_OF_ID.popitem(last=False)
