from __future__ import annotations

import factory

from music.models import EncodeJob, Track, TrackJob
from tests.core.factories import JobFactory, OwnedFactory
from tests.uploads.factories import UploadFactory


class TrackFactory(OwnedFactory):
    """A track row of an upload of the same owner; its audio is only a name."""

    class Meta:
        model = Track

    upload = factory.SubFactory(UploadFactory, owner=factory.SelfAttribute("..owner"))
    prompt = "Warm, bright folk. Tempo: 112 BPM. Key: A major. Instruments: guitar."
    duration = 10.0
    seed = factory.Sequence(int)
    provider = "offline"
    tempo_bpm = 112.0
    key = "A"
    mode = "major"
    valence = 0.5
    arousal = 0.2
    wav = factory.Sequence(lambda n: f"tracks/track-{n}.wav")
    waveform = factory.LazyFunction(lambda: [0.2, 0.7, 0.4, 0.1])


class TrackJobFactory(JobFactory):
    """A job making a track of an upload of the same owner."""

    class Meta:
        model = TrackJob

    upload = factory.SubFactory(UploadFactory, owner=factory.SelfAttribute("..owner"))
    duration = 10.0
    seed = factory.Sequence(int)


class EncodeJobFactory(JobFactory):
    class Meta:
        model = EncodeJob

    track = factory.SubFactory(TrackFactory, owner=factory.SelfAttribute("..owner"))
    format = EncodeJob.Format.MP3
