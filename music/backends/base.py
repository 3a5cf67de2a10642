from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from core.backends import Backend

ProgressCallback = Callable[[float], None]


def no_progress(fraction: float) -> None:
    pass


def _forget(token: str) -> None:
    pass


@dataclass
class Resume:
    """Remote work an earlier attempt of the same job started (a cloud pipeline keeps running
    when our worker retries or dies). A composer that starts such work hands its name to
    `save` before waiting on it, resumes `token` instead of starting more when one is given,
    and saves "" once that work can no longer give a result."""

    token: str = ""
    save: Callable[[str], None] = field(default=_forget)


@dataclass
class ComposedTrack:
    """What a composer made: audio, what it is, and (when there is one) its score as MIDI."""

    audio: np.ndarray  # float32, shape (frames, channels), samples in [-1, 1]
    sample_rate: int
    tempo_bpm: float
    tonic: str  # one of music.composer.prompts.TONICS
    mode: str  # one of music.composer.prompts.MODES
    provider: str
    midi: bytes | None = None  # a Standard MIDI File of the same score


class Composer(Backend):
    """Turns a musical prompt into a track."""

    #: the shortest and longest piece it can make in one call, in seconds; the API, the forms
    #: and the compose command offer these (music.durations)
    min_duration: float = 10.0
    max_duration: float = 120.0

    @abstractmethod
    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress,
                resume: Resume | None = None) -> ComposedTrack:
        """Compose `duration` seconds; the same prompt and seed give the same audio.

        `on_progress(fraction)` is called with 0 … 1 as the work advances. `resume` carries
        the job's handle on remote work; composers that work in one call ignore it.
        """
