"""How long a piece may be: what the configured composer can make (its min_duration and
max_duration), read here for every form, serializer and command that asks for a length."""

from __future__ import annotations

from dataclasses import dataclass

from core.backends import backend_class
from music.backends.base import Composer

# What a visitor gets when they do not choose, if the composer can make it.
PREFERRED_DEFAULT = 30
# The lengths the upload page offers, those the composer can make.
OFFERED = (10, 20, 30, 45, 60, 90, 120)


@dataclass(frozen=True)
class DurationLimits:
    min: int
    max: int
    default: int

    @property
    def offered(self) -> list[int]:
        """The upload page's choices: the usual steps within the limits, and both ends."""
        return sorted({self.min, self.max} | {s for s in OFFERED if self.min <= s <= self.max})


def duration_limits() -> DurationLimits:
    """The whole seconds the configured composer can make (the class is read, not built)."""
    composer = backend_class("music", Composer)
    low, high = int(-(-composer.min_duration // 1)), int(composer.max_duration // 1)
    return DurationLimits(min=low, max=high, default=min(max(PREFERRED_DEFAULT, low), high))
