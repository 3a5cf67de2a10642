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
def _check_settings(**kwargs: Any) -> None:
    # Refuse to start on a broken configuration, naming the variable, before taking any job.
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
    # In the main process, before the pool forks: its processes share what is built here.
    from core.backends import backends_warm_up

    backends_warm_up()


@worker_ready.connect
def _start_job_monitor(**kwargs: Any) -> None:
    from core.jobs import monitor_start

    monitor_start()
