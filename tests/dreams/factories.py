from __future__ import annotations

import factory

from dreams.models import Dream, DreamJob, Symbol, TranscriptionJob
from tests.core.factories import JobFactory, OwnedFactory


class SymbolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Symbol

    name = factory.Sequence(lambda n: f"Motif {n}")
    aliases = ""
    category = Symbol.Category.OBJECT
    text = "A motif that may mean whatever the dreamer finds in it."


class DreamFactory(OwnedFactory):
    class Meta:
        model = Dream

    title = "A dream"
    text = "I was walking by the ocean at night."


class DreamJobFactory(JobFactory):
    """A job reading a dream of the same owner."""

    class Meta:
        model = DreamJob

    dream = factory.SubFactory(DreamFactory, owner=factory.SelfAttribute("..owner"))


class TranscriptionJobFactory(JobFactory):
    """A recording to transcribe; `audio` is only a name unless a stored file's is given."""

    class Meta:
        model = TranscriptionJob

    audio = factory.Sequence(lambda n: f"dreams/audio/recording-{n}.wav")
    content_type = "audio/wav"
