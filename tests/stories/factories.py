from __future__ import annotations

import factory

from stories.models import Story, StoryJob, StoryPage
from tests.core.factories import JobFactory, OwnedFactory


class StoryFactory(OwnedFactory):
    class Meta:
        model = Story

    protagonist = "cat"
    theme = "a lost balloon at the beach"
    age_band = Story.AgeBand.EARLY
    title = "Pip and the Balloon"
    character_sheet = "Pip, an orange cat."


class StoryPageFactory(factory.django.DjangoModelFactory):
    """A page of a story; `image` is only a name unless a stored file's is given."""

    class Meta:
        model = StoryPage

    story = factory.SubFactory(StoryFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Pip is a cat. She has a red balloon."
    illustration_prompt = factory.LazyAttribute(
        lambda page: f"Main character: {page.story.character_sheet}\nScene: Pip at the beach.")


class StoryJobFactory(JobFactory):
    """The job making a story of the same owner."""

    class Meta:
        model = StoryJob

    story = factory.SubFactory(StoryFactory, owner=factory.SelfAttribute("..owner"))
