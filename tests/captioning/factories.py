from __future__ import annotations

import factory

from captioning.models import Caption, CaptionJob
from tests.core.factories import JobFactory
from tests.uploads.factories import UploadFactory


class CaptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caption

    upload = factory.SubFactory(UploadFactory)
    text = "An orange gradient, warm and bright."
    music_prompt = "Warm, bright folk. Tempo: 112 BPM. Key: A major. Instruments: guitar."
    valence = 0.5
    arousal = 0.2
    tags = factory.LazyFunction(lambda: ["orange", "warm", "bright"])
    provider = "offline"
    image_hash = factory.SelfAttribute("upload.content_hash")


class CaptionJobFactory(JobFactory):
    """A caption job of an upload of the same owner."""

    class Meta:
        model = CaptionJob

    upload = factory.SubFactory(UploadFactory, owner=factory.SelfAttribute("..owner"))
