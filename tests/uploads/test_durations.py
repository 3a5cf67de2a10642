"""The lengths offered and accepted are the configured composer's (music.durations)."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from music.backends.offline import OfflineComposer
from music.durations import duration_limits
from music.models import TrackJob
from tests.uploads import factories
from uploads.forms import RegenerateForm, UploadForm

pytestmark = pytest.mark.django_db


class ShortComposer(OfflineComposer):
    """A composer that makes pieces of 15 to 25 seconds only."""

    min_duration, max_duration = 15.0, 25.0


@pytest.fixture
def short(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS,
                            "music": {"BACKEND": f"{__name__}.ShortComposer", "OPTIONS": {}}}


def _post(**fields):
    image = SimpleUploadedFile("photo.jpg", factories.picture(), content_type="image/jpeg")
    return APIClient().post("/api/uploads/", {"image": image, **fields}, format="multipart")


def test_the_offline_composer_keeps_ten_to_a_hundred_and_twenty_seconds():
    limits = duration_limits()
    assert (limits.min, limits.max, limits.default) == (10, 120, 30)
    assert [value for value, _ in UploadForm().fields["duration"].choices] == [
        10, 20, 30, 45, 60, 90, 120]
    assert not RegenerateForm({"duration": 121}).is_valid()
    assert RegenerateForm({"duration": 120}).is_valid()


def test_a_shorter_composer_narrows_the_form_choices(short):
    form = UploadForm()
    assert [value for value, _ in form.fields["duration"].choices] == [15, 20, 25]
    assert form.fields["duration"].initial == 25  # the usual 30 s is beyond it
    regenerate = RegenerateForm({"duration": 30})
    assert not regenerate.is_valid()
    assert regenerate.first_error() == "Length: choose between 15 and 25 seconds."
    assert RegenerateForm({"duration": 25}).is_valid()


def test_a_shorter_composer_narrows_what_the_api_accepts(short):
    for duration in (30, 10):
        response = _post(duration=duration)
        assert response.status_code == 400, response.content
        assert "duration" in response.json()["error"]["fields"]
    response = APIClient().post("/api/tracks/", {"upload": str(uuid.uuid4()), "duration": 30},
                                format="json")
    assert response.status_code == 400 and "duration" in response.json()["error"]["fields"]
    assert not TrackJob.objects.exists()

    created = _post()
    assert created.status_code == 201, created.content
    assert TrackJob.objects.get().duration == 25  # the default, fitted to the composer


def test_the_schema_shows_the_composer_s_limits(short):
    schema = APIClient().get("/api/schema/?format=json").json()
    duration = schema["components"]["schemas"]["TrackCreateRequest"]["properties"]["duration"]
    assert (duration["minimum"], duration["maximum"], duration["default"]) == (15, 25, 25)
