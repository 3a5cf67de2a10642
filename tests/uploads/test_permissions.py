from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_migrations_grant_curators_the_upload_and_music_permissions():
    granted = set(Group.objects.get(name="curators").permissions.values_list("codename",
                                                                              flat=True))
    assert {"view_upload", "change_upload", "delete_upload", "view_track", "delete_track",
            "view_trackjob", "change_trackjob", "view_caption", "change_caption",
            "view_captionjob"} <= granted
    assert "add_upload" not in granted
