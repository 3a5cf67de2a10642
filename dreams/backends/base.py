"""Backend contracts shared beyond dreams: transcription and moderation (stories use them too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.backends import Backend


class Transcriber(Backend):
    """Speech to text."""

    def transcribe(self, audio: bytes, *, content_type: str = "") -> str:
        """The words spoken in `audio` (WAV, OGG, FLAC…; `content_type` as the client sent it).

        Raises BackendError(permanent=True) with a message a person can act on when the audio
        cannot be read or holds no speech.
        """
        raise NotImplementedError


@dataclass(frozen=True)
class ModerationResult:
    allowed: bool
    categories: list[str] = field(default_factory=list)  # why not, when not allowed


class Moderator(Backend):
    """Decides whether text is fit to take in or to show."""

    def check(self, text: str) -> ModerationResult:
        raise NotImplementedError
