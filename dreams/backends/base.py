"""Contracts of the dream engines: interpretation, story, picture (transcription and moderation,
shared with stories, are in core.contracts)."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.backends import Backend

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

    @abstractmethod
    def interpret(self, dream: DreamContext) -> InterpretationResult:
        """Sections that cite only the entries in `dream.symbols`."""


def interpretation_check(result: InterpretationResult, dream: DreamContext) -> None:
    """Raise BackendError unless the result is non-empty and cites only the given entries."""
    from core.backends import BackendError

    allowed = {entry.id for entry in dream.symbols}
    if not result.sections or not any(section.text.strip() for section in result.sections):
        raise BackendError(_("The interpretation came back empty."))
    uncited = {pk for section in result.sections for pk in section.citations} - allowed
    if uncited:
        raise BackendError(_("The interpretation cited dictionary entries it was not given."))


@dataclass(frozen=True)
class StoryResult:
    title: str
    text: str


class DreamStoryteller(Backend):
    """Retells a dream as a short story (a few paragraphs)."""

    @abstractmethod
    def tell(self, dream: DreamContext) -> StoryResult:
        """A titled story in the dream's language."""


class DreamPainter(Backend):
    """Pictures a dream. Returns PNG bytes."""

    @abstractmethod
    def paint(self, dream: DreamContext) -> bytes:
        """PNG bytes of a picture of the dream."""
