"""Celery, used when a broker is configured; the same task functions run in-process otherwise."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("reverie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _check_settings(sender: Any = None, **kwargs: Any) -> None:
    # Refuse to start on a broken configuration, naming the variable, before taking any job.
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
    if sender is not None and prefork(sender):
        database_unpooled()
    # In the main process, before the pool forks: its processes share what is built here.
    from core.backends import backends_warm_up

    backends_warm_up()


@worker_ready.connect
def _start_job_monitor(**kwargs: Any) -> None:
    from core.jobs import monitor_start

    monitor_start()


def prefork(worker: Any) -> bool:
    """Whether the worker runs its tasks in forked child processes (Celery's default pool)."""
    pool = worker.pool_cls if isinstance(worker.pool_cls, str) else worker.pool_cls.__module__
    return "prefork" in pool


def database_unpooled() -> None:
    """Plain connections instead of a pool, in this process and the children it forks.

    A prefork child runs one task at a time, so a pool of its own buys nothing, and Celery's
    Django fixup closes that pool around every task, under the child's heartbeat thread
    (which then meets "pool has already been opened/closed"). Called before the pool forks.
    """
    from django.conf import settings
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if getattr(connection, "pool", None) is not None:
            connection.close_pool()  # the check's, with its idle connections
    for database in settings.DATABASES.values():  # the dicts the connections read
        database.get("OPTIONS", {}).pop("pool", None)
