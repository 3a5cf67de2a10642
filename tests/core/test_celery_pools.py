"""A prefork Celery worker's children use plain database connections, not a pool each:
Celery's Django fixup closes a child's pool around every task, under its heartbeat thread."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from config.celery import _check_settings, database_unpooled, prefork


@pytest.fixture
def pooled(settings):
    # The settings PostgreSQL gets in production (config.settings), without connecting.
    databases = copy.deepcopy(settings.DATABASES)
    databases["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 10}
    settings.DATABASES = databases
    yield databases


@pytest.mark.parametrize(("pool_cls", "forks"), [
    ("celery.concurrency.prefork:TaskPool", True),
    ("prefork", True),
    ("celery.concurrency.thread:TaskPool", False),
    ("solo", False),
])
def test_which_workers_fork_their_tasks(pool_cls, forks):
    assert prefork(SimpleNamespace(pool_cls=pool_cls)) is forks


def test_a_prefork_worker_drops_the_pool_before_it_forks(pooled, monkeypatch):
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    _check_settings(sender=SimpleNamespace(pool_cls="celery.concurrency.prefork:TaskPool"))
    assert "pool" not in pooled["default"]["OPTIONS"]


def test_a_threaded_worker_keeps_its_pool(pooled, monkeypatch):
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: None)
    _check_settings(sender=SimpleNamespace(pool_cls="celery.concurrency.thread:TaskPool"))
    assert pooled["default"]["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10}


def test_unpooling_twice_is_harmless(pooled):
    database_unpooled()
    database_unpooled()
    assert "pool" not in pooled["default"]["OPTIONS"]
