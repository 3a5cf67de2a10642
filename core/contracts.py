"""Backend contracts more than one app uses: speech to text and moderation (dreams and
stories both take words in by voice and check what they take in and show). Their
implementations are in core.speech and core.moderation."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field

from core.backends import Backend


class Transcriber(Backend):
    """Speech to text."""

    languages: frozenset[str] | None = None  # the speech it understands; None: any

    @abstractmethod
    def transcribe(self, audio: bytes, *, content_type: str = "", language: str = "en") -> str:
        """The words spoken in `audio` (WAV, OGG, FLAC…; `content_type` as the client sent it),
        speech in `language` ("en", "ko").

        Raises BackendError(permanent=True) with a message a person can act on when the audio
        cannot be read or holds no speech.
        """


@dataclass(frozen=True)
class ModerationResult:
    allowed: bool
    categories: list[str] = field(default_factory=list)  # why not, when not allowed


class Moderator(Backend):
    """Decides whether text is fit to take in or to show.

    `policy` names the audience: "adult" (the dream journal: fear, death and violence are
    the stuff of dreams) or "children" (storybooks: much stricter, see core.safety).
    `context` is accepted text the checked one grew from (a book's theme), so a word keeps
    the innocent sense it had there; a moderator may ignore it.
    """

    @abstractmethod
    def check(self, text: str, *, policy: str = "adult", context: str = "") -> ModerationResult:
        """Whether `text` is fit for `policy`'s audience, and if not, why."""
