"""API keys remembered in the cache (accounts.services): looked up in the database once, then
forgotten the moment the token is revoked or its user changes; a cache outage falls back to
the database."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke, api_token_user, key_hash
from core.throttling import CacheOutage
from tests.accounts.factories import TokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_known_key_is_looked_up_in_the_database_once(django_assert_num_queries):
    user = UserFactory()
    _, key = api_token_create(user=user, name="sync")
    with django_assert_num_queries(2):  # the token and its user; last_used written
        assert api_token_user(key=key) == user
    with django_assert_num_queries(0):
        assert api_token_user(key=key) == user
    remembered = cache.get(services.token_cache_key(key_hash(key)))
    assert remembered is not None and key not in repr(remembered)
    assert "password" not in remembered[0].__dict__  # the password hash is not cached


def _program(user) -> tuple[ApiToken, APIClient]:
    """A program holding a new key of `user`'s, after one request that found it good."""
    token, key = api_token_create(user=user, name="sync")
    program = APIClient()
    program.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert program.get("/api/uploads/").status_code == 200
    return token, program


def test_a_program_s_requests_after_the_first_make_no_token_query():
    _, program = _program(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert program.get("/api/uploads/").status_code == 200
    tables = " ".join(query["sql"] for query in queries)
    assert queries and "accounts_apitoken" not in tables and "auth_user" not in tables


def test_a_revoked_token_is_refused_at_once_though_it_was_remembered():
    user = UserFactory()
    token, program = _program(user)
    assert api_token_revoke(user=user, token_id=token.pk)
    assert program.get("/api/uploads/").status_code == 401


def test_a_deactivated_or_changed_user_is_seen_at_once():
    user = UserFactory()
    _, key = api_token_create(user=user, name="sync")
    drf_token = TokenFactory(user=user)
    assert api_token_user(key=key) == user and api_token_user(key=drf_token.key) == user
    user.is_staff = True
    user.save()
    assert api_token_user(key=key).is_staff and api_token_user(key=drf_token.key).is_staff
    user.is_active = False
    user.save()
    assert api_token_user(key=key) is None
    assert api_token_user(key=drf_token.key) is None


def test_a_sign_in_does_not_forget_the_user_s_keys(django_assert_num_queries):
    user = UserFactory()
    _, key = api_token_create(user=user, name="sync")
    api_token_user(key=key)
    update_last_login(None, user)  # what signing in saves
    with django_assert_num_queries(0):
        assert api_token_user(key=key) == user


def test_a_deleted_drf_token_or_user_is_refused():
    drf_token = TokenFactory()
    drf_key = drf_token.key  # the key is the primary key: delete() clears it
    assert api_token_user(key=drf_key) == drf_token.user
    drf_token.delete()
    assert api_token_user(key=drf_key) is None

    user = UserFactory()
    _, key = api_token_create(user=user, name="sync")
    assert api_token_user(key=key) == user
    user.delete()  # its tokens go with it, each one forgotten
    assert api_token_user(key=key) is None


def test_unknown_keys_are_not_remembered():
    assert api_token_user(key="0" * 40) is None
    assert cache.get(services.token_cache_key(key_hash("0" * 40))) is None


def test_with_the_cache_down_keys_are_looked_up_in_the_database(settings, caplog,
                                                                  monkeypatch):
    settings.CACHES = {"default": {
        "BACKEND": "core.redis_pool.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: connection refused
        "OPTIONS": {"pool_class": "core.redis_pool.SharedConnectionPool",
                    "socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    monkeypatch.setattr(services, "_outage", CacheOutage("tokens: %s",
                                                         logging.getLogger("accounts.services")))
    user = UserFactory()
    token, key = api_token_create(user=user, name="sync")
    with caplog.at_level(logging.WARNING, logger="accounts.services"):
        assert api_token_user(key=key) == user
        assert api_token_user(key=key) == user
        assert api_token_revoke(user=user, token_id=token.pk)
        assert api_token_user(key=key) is None
    assert len([r for r in caplog.records if r.getMessage().startswith("tokens:")]) == 1
