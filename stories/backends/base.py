"""Contracts of the storybook backends: a writer makes the book, an illustrator its pictures."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field

from core.backends import Backend

AGE_BANDS = ("3-5", "6-8", "9-12")
STYLES = {
    "storybook": "soft storybook painting with warm light",
    "watercolour": "loose watercolour with gentle washes and paper texture",
    "crayon": "bright crayon drawing with visible strokes",
    "paper-cut": "layered paper cut-out collage with soft shadows",
    "pixel": "cheerful pixel art with a limited palette",
}
MIN_PAGES, MAX_PAGES, DEFAULT_PAGES = 4, 12, 8


@dataclass(frozen=True)
class BookPage:
    text: str
    illustration_prompt: str


@dataclass(frozen=True)
class Book:
    title: str
    character_sheet: str
    pages: list[BookPage] = field(default_factory=list)
    language: str = "en"

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)


LANGUAGES = {"en": "English", "ko": "Korean"}


def illustration_prompt(*, character_sheet: str, scene: str, style: str,
                        language: str = "en") -> str:
    """The prompt of one picture: the character sheet first, so the protagonist looks the
    same on every page, then the page's scene and the book's art style; a book not in English
    says its language, so an illustrator reads its words (and its readers) right."""
    look = STYLES.get(style, STYLES["storybook"])
    prompt = f"Main character: {character_sheet.strip()}\nScene: {scene.strip()}\nStyle: {look}."
    if language != "en":
        prompt += f"\nBook language: {LANGUAGES.get(language, language)}."
    return prompt


class StoryWriter(Backend):
    """Writes a children's book: a title, a character sheet and the pages' text and prompts."""

    @abstractmethod
    def write(self, *, protagonist: str, theme: str, age_band: str, pages: int,
              style: str, seed: int = 0, language: str = "en") -> Book:
        """A Book of exactly `pages` pages in `language` ("en" or "ko"; a theme may be
        written in either) whose text reads within the age band (stories.reading), every
        illustration prompt starting with the character sheet.
        The same inputs and `seed` give the same book; another seed, another version.

        Raises BackendError (permanent when retrying cannot help)."""


class Illustrator(Backend):
    """Draws one page's picture from its illustration prompt."""

    @abstractmethod
    def draw(self, prompt: str, *, seed: int = 0) -> bytes:
        """PNG bytes of the picture. Raises BackendError."""
