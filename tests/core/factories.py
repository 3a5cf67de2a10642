"""Rows for tests of what every app shares: owned rows and jobs (DemoJob is core's own)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from core.models import Job
from core.ownership import Owner
from tests.demo.models import DemoJob

#: how long ago a dead worker last beat: well past every heartbeat timeout
DEAD_FOR = timedelta(minutes=10)


class OwnedFactory(factory.django.DjangoModelFactory):
    """A row someone made: `owner=Owner(...)` gives it to them; by default a new anonymous
    session's. `user=...` works too (a user's rows have no session key)."""

    class Meta:
        abstract = True

    class Params:
        owner = factory.Sequence(lambda n: Owner(session_key=f"session-{n}"))

    user_id = factory.LazyAttribute(lambda row: row.owner.fields()["user_id"])
    session_key = factory.LazyAttribute(lambda row: row.owner.fields()["session_key"])

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        if kwargs.get("user") is not None:
            kwargs.pop("user_id", None)
            kwargs["session_key"] = ""
        return kwargs


class JobFactory(OwnedFactory):
    """A job row, queued unless told otherwise; `running=True`: claimed by a worker once;
    `dead=True`: running, but its worker stopped beating DEAD_FOR ago."""

    class Meta:
        abstract = True

    class Params:
        running = factory.Trait(status=Job.Status.RUNNING, attempts=1)
        dead = factory.Trait(
            running=True, heartbeat_at=factory.LazyFunction(lambda: timezone.now() - DEAD_FOR))


class DemoJobFactory(JobFactory):
    class Meta:
        model = DemoJob
