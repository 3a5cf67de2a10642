"""The Composer contract, run against each composer (the Vertex ones against the fake)."""

from __future__ import annotations

import numpy as np
import pytest

from music.backends.base import ComposedTrack, Composer, Resume
from music.backends.offline import OfflineComposer
from music.backends.vertex import VertexLyriaComposer, VertexPipelineComposer
from music.composer.prompts import MODES, TONICS

pytestmark = pytest.mark.django_db
PROMPT = "Bright, playful folk. Tempo: 112 BPM. Key: A major. Instruments: guitar, flute."
FAST = {"poll_seconds": 0.01, "max_poll_seconds": 0.02}


@pytest.fixture(params=["offline", "vertex-lyria", "vertex-pipeline"])
def composer(request) -> Composer:
    if request.param == "offline":
        return OfflineComposer()
    request.getfixturevalue("vertex")
    if request.param == "vertex-lyria":
        return VertexLyriaComposer()
    return VertexPipelineComposer(**FAST)


def test_a_composer_makes_the_asked_length_and_says_what_it_made(composer):
    fractions: list[float] = []
    saved: list[str] = []
    track = composer.compose(PROMPT, duration=11, seed=4, on_progress=fractions.append,
                             resume=Resume(save=saved.append))
    assert isinstance(track, ComposedTrack) and track.provider == composer.provider
    assert track.audio.dtype == np.float32 and track.audio.ndim == 2
    assert track.audio.shape[0] == 11 * track.sample_rate
    assert np.abs(track.audio).max() <= 1.0 and np.abs(track.audio).max() > 0.01
    assert track.tonic in TONICS and track.mode in MODES
    assert fractions and fractions == sorted(fractions) and 0 <= fractions[0] <= fractions[-1] <= 1
    # Only a composer that leaves work running remotely keeps a token, and one at most.
    assert all(isinstance(token, str) for token in saved) and len(set(saved)) <= 1


def test_a_composer_works_without_a_resume(composer):
    track = composer.compose(PROMPT, duration=10, seed=4)
    assert track.audio.shape[0] == 10 * track.sample_rate
