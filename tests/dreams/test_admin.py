from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.permissions import CURATORS
from dreams.models import Symbol

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, django_user_model, symbols):
    user = django_user_model.objects.create_user("curator", password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    client.force_login(user)
    return client


def test_curators_search_filter_and_edit_the_symbol_dictionary(curator):
    page = curator.get("/admin/dreams/symbol/", {"q": "teeth"}).content.decode()
    assert "Teeth falling out" in page and "By category" in page and "By themes" in page
    animals = curator.get("/admin/dreams/symbol/", {"category__exact": "animal"})
    assert "Snake" in animals.content.decode() and "Teeth falling out" not in \
        animals.content.decode()
    snake = Symbol.objects.get(name="Snake")
    form = {"name": "Snake", "aliases": snake.aliases + ", adder", "category": "animal",
            "themes": [t.pk for t in snake.themes.all()], "text": snake.text}
    response = curator.post(f"/admin/dreams/symbol/{snake.pk}/change/", form)
    assert response.status_code == 302
    assert "adder" in Symbol.objects.get(pk=snake.pk).alias_list
    assert curator.get("/admin/dreams/symbol/add/").status_code == 200


def test_curators_cannot_read_dreams_or_their_jobs(curator):
    assert curator.get("/admin/dreams/dream/").status_code == 404
    assert curator.get("/admin/dreams/dreamjob/").status_code == 403
