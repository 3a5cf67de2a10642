from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_curators_may_view_and_change_stories():
    codenames = set(Group.objects.get(name="curators").permissions
                    .filter(content_type__app_label="stories")
                    .values_list("codename", flat=True))
    assert {"view_story", "change_story", "view_storypage", "change_storypage"} <= codenames
    assert "delete_story" not in codenames


def test_admin_lists_filters_and_searches_stories(client, make_story):
    from django.utils.html import escape
    from rest_framework.test import APIClient

    from stories.models import Story

    make_story(APIClient(), theme="a lost balloon at the beach")
    make_story(APIClient(), theme="a trip to the moon", age_band="9-12")
    # Titles depend on each book's seed: read them back rather than guess them.
    balloon = escape(Story.objects.get(theme__contains="balloon").title)
    moon = escape(Story.objects.get(theme__contains="moon").title)
    assert balloon != moon
    admin = get_user_model().objects.create_superuser("root", "r@example.com", "pw-root-1")
    client.force_login(admin)
    page = client.get("/admin/stories/story/", {"age_band": "9-12", "job__status": "succeeded"})
    assert page.status_code == 200
    html = page.content.decode()
    assert moon in html and balloon not in html
    found = client.get("/admin/stories/story/", {"q": "balloon"}).content.decode()
    assert balloon in found and moon not in found
