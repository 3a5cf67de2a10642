"""Backend contracts shared beyond dreams: transcription and moderation (stories use them too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.backends import Backend


class Transcriber(Backend):
    """Speech to text."""

    languages: frozenset[str] | None = None  # the speech it understands; None: any

    def transcribe(self, audio: bytes, *, content_type: str = "", language: str = "en") -> str:
        """The words spoken in `audio` (WAV, OGG, FLAC…; `content_type` as the client sent it),
        speech in `language` ("en", "ko").

        Raises BackendError(permanent=True) with a message a person can act on when the audio
        cannot be read or holds no speech.
        """
        raise NotImplementedError


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

    def check(self, text: str, *, policy: str = "adult", context: str = "") -> ModerationResult:
        raise NotImplementedError


# The dream engines: interpretation, story, picture --------------------------------------------


@dataclass(frozen=True)
class SymbolEntry:
    """A dictionary entry retrieved for a dream, with the dream's words that matched it."""

    id: int
    name: str  # name and text in the dream's language
    category: str
    text: str
    matched: tuple[str, ...] = ()
    key: str = ""  # the dictionary's English name, whatever the dream's language

    @property
    def english_name(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class DreamContext:
    """What every dream engine is given: the dream, its emotions and its retrieved entries."""

    text: str
    title: str = ""
    emotions: tuple[str, ...] = ()
    symbols: tuple[SymbolEntry, ...] = ()
    seed: int = 0  # stable per dream: the offline engines vary their wording with it
    language: str = "en"  # the dream's: "en" or "ko"; every engine answers in it


LANGUAGE_NAMES = {"en": "English", "ko": "Korean (한국어)"}


def language_name(code: str) -> str:
    """The language a provider is asked to answer in, named as a prompt names it."""
    return LANGUAGE_NAMES.get(code, LANGUAGE_NAMES["en"])


@dataclass(frozen=True)
class InterpretationSection:
    text: str
    citations: tuple[int, ...] = ()  # ids of the entries this part rests on


@dataclass(frozen=True)
class InterpretationResult:
    sections: tuple[InterpretationSection, ...]


class Interpreter(Backend):
    """Reads a dream in the light of its retrieved dictionary entries.

    Every claim about a symbol cites the entry it came from, and only entries it was given
    (interpretation_check enforces it). The tone leaves the meaning to the dreamer: no
    medical, diagnostic or fortune-telling claims.
    """

    def interpret(self, dream: DreamContext) -> InterpretationResult:
        raise NotImplementedError


def interpretation_check(result: InterpretationResult, dream: DreamContext) -> None:
    """Raise BackendError unless the result is non-empty and cites only the given entries."""
    from core.backends import BackendError

    allowed = {entry.id for entry in dream.symbols}
    if not result.sections or not any(section.text.strip() for section in result.sections):
        raise BackendError("The interpretation came back empty.")
    uncited = {pk for section in result.sections for pk in section.citations} - allowed
    if uncited:
        raise BackendError("The interpretation cited dictionary entries it was not given.")


@dataclass(frozen=True)
class StoryResult:
    title: str
    text: str


class DreamStoryteller(Backend):
    """Retells a dream as a short story (a few paragraphs)."""

    def tell(self, dream: DreamContext) -> StoryResult:
        raise NotImplementedError


class DreamPainter(Backend):
    """Pictures a dream. Returns PNG bytes."""

    def paint(self, dream: DreamContext) -> bytes:
        raise NotImplementedError
