"""The test factories build rows the models accept, owned as their parents are."""

from __future__ import annotations

import pytest

from core.ownership import Owner, owner_of
from tests.accounts.factories import PASSWORD, ApiTokenFactory, TokenFactory, UserFactory
from tests.captioning.factories import CaptionFactory, CaptionJobFactory
from tests.core.factories import DemoJobFactory
from tests.dreams.factories import (
    DreamFactory,
    DreamJobFactory,
    SymbolFactory,
    TranscriptionJobFactory,
)
from tests.music.factories import EncodeJobFactory, TrackFactory, TrackJobFactory
from tests.stories.factories import StoryFactory, StoryJobFactory, StoryPageFactory
from tests.uploads.factories import UploadFactory

pytestmark = pytest.mark.django_db

FACTORIES = [UserFactory, TokenFactory, ApiTokenFactory, DemoJobFactory, UploadFactory,
             CaptionFactory, CaptionJobFactory, TrackFactory, TrackJobFactory,
             EncodeJobFactory, SymbolFactory, DreamFactory, DreamJobFactory,
             TranscriptionJobFactory, StoryFactory, StoryPageFactory, StoryJobFactory]
PARENT = {CaptionJobFactory: "upload", TrackFactory: "upload", TrackJobFactory: "upload",
          EncodeJobFactory: "track", DreamJobFactory: "dream", StoryJobFactory: "story"}


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_row(factory):
    row = factory()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
    if factory in PARENT:
        assert owner_of(row) == owner_of(getattr(row, PARENT[factory]))


def test_an_owner_is_given_to_the_row_and_to_what_it_is_made_of(django_user_model):
    user = UserFactory()
    assert user.check_password(PASSWORD)
    job = TrackJobFactory(owner=Owner(user_id=user.pk))
    assert owner_of(job) == owner_of(job.upload) == Owner(user_id=user.pk)
    assert DemoJobFactory(user=user).session_key == ""
    assert DreamFactory().session_key != DreamFactory().session_key  # a session each


def test_the_traits_say_how_far_a_job_got():
    assert (DemoJobFactory().status, DemoJobFactory().attempts) == ("queued", 0)
    running = DemoJobFactory(running=True)
    assert (running.status, running.attempts, running.heartbeat_at) == ("running", 1, None)
    dead = DemoJobFactory(dead=True)
    assert dead.status == "running" and dead.heartbeat_at is not None
