"""A database that cannot give us a connection is a 503 with Retry-After, wherever it is
met: in a view, or in a middleware outside any view (Django's 500 handler then)."""

from __future__ import annotations

import json

import psycopg
import pytest
from django.db import OperationalError, ProgrammingError
from django.test import RequestFactory
from psycopg_pool import PoolTimeout

from core.api_errors import handler500
from core.errors import Busy, database_busy


def _wrapped(cause: Exception) -> OperationalError:
    # What Django's wrap_database_errors raises: its own class, the driver's error as cause.
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


class _TooManyClients(psycopg.errors.TooManyConnections):
    pass


@pytest.mark.parametrize("cause", [
    PoolTimeout("couldn't get a connection after 5.00 sec"),
    psycopg.OperationalError("connection refused"),  # no SQLSTATE: never connected
    _TooManyClients("sorry, too many clients already"),  # 53300
])
def test_a_database_that_cannot_take_us_is_busy(cause):
    busy = database_busy(_wrapped(cause))
    assert isinstance(busy, Busy)
    assert busy.status == 503 and busy.retry_after and busy.code == "database_busy"


def test_a_bug_in_a_query_is_not_busy():
    assert database_busy(_wrapped(psycopg.errors.UndefinedTable("no such table"))) is None
    assert database_busy(ProgrammingError("syntax error")) is None
    assert database_busy(OperationalError("database is locked")) is None  # SQLite's, no cause


@pytest.mark.parametrize(("path", "kind"), [("/api/jobs/", "json"), ("/dreams/", "html")])
def test_the_500_handler_answers_an_empty_pool_with_a_503(path, kind):
    request = RequestFactory().get(path)
    try:
        raise _wrapped(PoolTimeout("couldn't get a connection"))
    except OperationalError:
        response = handler500(request)  # as Django calls it: inside its except
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    if kind == "json":
        assert json.loads(response.content)["error"]["code"] == "database_busy"
    else:
        assert "very busy" in response.content.decode()


def test_the_500_handler_still_answers_500_for_a_bug():
    request = RequestFactory().get("/api/jobs/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = handler500(request)
    assert response.status_code == 500
