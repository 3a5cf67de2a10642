"""The dream journal's queries on PostgreSQL (run by `make test` with DATABASE_URL set)."""

from __future__ import annotations

import pytest

from core.ownership import Owner
from dreams.models import Dream
from dreams.selectors import dreams_of, insights_of, symbols_search
from dreams.services import dream_create, dreams_delete

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

OWNER = Owner(session_key="pg-dreamer")


def test_journal_filters_insights_and_deletion_on_postgres(symbols):
    snake = dream_create(owner=OWNER, text="A snake in the garden; I was scared.").dream
    flying = dream_create(owner=OWNER, text="I was flying over the city, happy.").dream
    dream_create(owner=Owner(session_key="someone-else"), text="A snake, not yours.")
    assert list(dreams_of(owner=OWNER)) == [flying, snake]
    assert list(dreams_of(owner=OWNER, q="snake")) == [snake]
    assert list(dreams_of(owner=OWNER, emotion="happiness")) == [flying]
    symbol = Dream.objects.get(pk=snake.pk).matches.get(symbol__name="Snake").symbol_id
    assert list(dreams_of(owner=OWNER, symbol=symbol)) == [snake]
    insights = insights_of(owner=OWNER)
    assert insights.total == 2 and dict(insights.emotions)["apprehension"] == 1
    assert symbols_search(q="serpent")[0].name == "Snake"
    assert dreams_delete(owner=OWNER, ids=[snake.pk, flying.pk]) == 2
    assert Dream.objects.count() == 1
