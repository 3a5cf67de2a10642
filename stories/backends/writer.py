"""Story writers: the offline plot engine, and OpenAI with structured, validated JSON."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.backends import BackendError
from core.openai_client import openai_chat_answer
from stories.backends.base import LANGUAGES, Book, BookPage, StoryWriter, illustration_prompt
from stories.backends.ko_plot import korean_book_write
from stories.backends.plot_engine import book_write
from stories.reading import BANDS, KOREAN_BANDS, band_problem


class OfflineStoryWriter(StoryWriter):
    """The offline plot engine (stories.backends.plot_engine): no network, the same book for
    the same ask."""

    provider = "offline"

    def write(self, *, protagonist: str, theme: str, age_band: str, pages: int,
              style: str, seed: int = 0, language: str = "en") -> Book:
        write = korean_book_write if language == "ko" else book_write
        return write(protagonist=protagonist, theme=theme, age_band=age_band,
                          pages=pages, style=style, seed=seed)


SYSTEM_PROMPT = """You write gentle illustrated picture books for children.
Write a story of exactly {pages} pages for {band} about the protagonist and theme given.
Shape: setup, a problem, attempts that fail, a helper, a turning point, a resolution, and a
gentle lesson on the last page. Keep it kind and safe: no violence, no scary detail.
{level}
Write the whole book (title, character sheet, every page) in {language}, as a native
children's author would, whatever language the theme and protagonist are given in.
character_sheet: one paragraph fixing how the protagonist looks (species or kind, face,
colours, clothing) so that every picture shows the same character.
For each page give its text and illustration_prompt: the scene only (setting, time of day,
what happens), without repeating the character sheet."""
LEVEL = {
    "en": "Reading level: Flesch-Kincaid grade {grade}; {words_min} to {words_max} words per "
          "page; sentences of at most {sentence} words.",
    "ko": "Reading level: {eojeol_min} to {eojeol_max} eojeol (space-separated words) per "
          "page; sentences of at most {sentence} eojeol; everyday native Korean words rather "
          "than long Sino-Korean ones; one consistent storybook style (-았어요/-었어요).",
}

SIMPLER = """The book you wrote was {problem}. Rewrite the same story at the right level:
{advice} Keep the title, the character sheet and the number of pages."""

BOOK_SCHEMA = {
    "name": "storybook", "strict": True,
    "schema": {
        "type": "object", "additionalProperties": False,
        "required": ["title", "character_sheet", "pages"],
        "properties": {
            "title": {"type": "string"},
            "character_sheet": {"type": "string"},
            "pages": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["text", "illustration_prompt"],
                "properties": {"text": {"type": "string"},
                               "illustration_prompt": {"type": "string"}}}},
        },
    },
}


class OpenAIStoryWriter(StoryWriter):
    """A chat model writes the book as JSON; a book outside the band's reading grade is sent
    back to be rewritten (up to `rewrites` times, 2 by default)."""

    provider = "openai"

    def write(self, *, protagonist: str, theme: str, age_band: str, pages: int,
              style: str, seed: int = 0, language: str = "en") -> Book:
        band = BANDS[age_band]
        system = SYSTEM_PROMPT.format(pages=pages, band=band.label,
                                      level=_level(age_band, language),
                                      language=LANGUAGES.get(language, "English"))
        messages: list[dict[str, str]] = [
            {"role": "system", "content": system},
            {"role": "user", "content": f"Protagonist: {protagonist}\nTheme: {theme}"}]
        for attempt in range(int(self.options.get("rewrites", 2)) + 1):
            content, book = self._ask(messages, pages=pages, style=style, language=language)
            problem = band_problem(book.text, age_band=age_band, language=book.language)
            if problem is None:
                return book
            if attempt == int(self.options.get("rewrites", 2)):
                break
            advice = ("Use shorter sentences and shorter, everyday words."
                      if problem.startswith("too hard") else
                      "Use somewhat longer sentences and richer words.")
            messages += [{"role": "assistant", "content": content},
                         {"role": "user", "content": SIMPLER.format(problem=problem,
                                                                    advice=advice)}]
        raise BackendError(_("The story service could not write at the right reading level "
                             "for %(band)s (%(problem)s). Please try again.")
                           % {"band": band.label, "problem": problem})

    def _ask(self, messages: list[dict[str, str]], *, pages: int, style: str, language: str
             ) -> tuple[str, Book]:
        return openai_chat_answer(
            service=_("the story service"), operation="storybook",
            model=self.options.get("model") or settings.OPENAI_STORY_MODEL,
            refused=_("The story service declined to write this story. Please try another "
                      "theme."),
            messages=messages, response_format={"type": "json_schema",
                                                "json_schema": BOOK_SCHEMA},
            max_completion_tokens=self.options.get("max_completion_tokens", 8000),
            read=lambda content: (content, _book_from(content, pages=pages, style=style,
                                                      language=language)))


def _level(age_band: str, language: str) -> str:
    band = BANDS[age_band]
    if language == "ko":
        korean = KOREAN_BANDS[age_band]
        return LEVEL["ko"].format(eojeol_min=korean.eojeol_per_page[0],
                                  eojeol_max=korean.eojeol_per_page[1],
                                  sentence=int(korean.eojeol_per_sentence[1]))
    grade = (f"at most {band.grade_max:g}" if band.grade_min is None
             else f"between {band.grade_min:g} and {band.grade_max:g}")
    return LEVEL["en"].format(grade=grade, words_min=band.words_per_page[0],
                              words_max=band.words_per_page[1],
                              sentence=int(band.words_per_sentence_max))


def _book_from(content: str, *, pages: int, style: str, language: str) -> Book:
    try:
        data: Any = json.loads(content)
        title = str(data["title"]).strip()
        sheet = str(data["character_sheet"]).strip()
        items = [(str(p["text"]).strip(), str(p["illustration_prompt"]).strip())
                 for p in data["pages"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackendError(_("The story service gave an answer we could not read.")) from exc
    if len(items) != pages or not title or not sheet or not all(t and s for t, s in items):
        raise BackendError(_("The story service gave an incomplete book (%(made)s of %(pages)s "
                             "pages).") % {"made": len(items), "pages": pages})
    return Book(title=title[:160], character_sheet=sheet,
                pages=[BookPage(t, illustration_prompt(character_sheet=sheet, scene=s,
                                                       style=style, language=language))
                       for t, s in items],
                language=language)
