"""Book texts of known difficulty, as a chat model would return them (JSON of the schema)."""

from __future__ import annotations

from stories.backends.base import Book
from stories.reading import band_problem, reading_grade

EASY = ("Pip is a cat. She has a red hat. The sun is up. Pip runs to the sea. "
        "She sees a big blue wave.")
MIDDLE = ("Pip walked along the sandy beach to look for her red balloon. She asked a "
          "friendly crab if he had seen it anywhere near the rocks.")
OLDER = ("Pip searched the beach for her lost balloon. She looked behind every rock and "
         "asked the gulls for advice. At last a thoughtful crab remembered seeing something "
         "bright drifting over the harbour.")
TOO_HARD = ("Determined to understand the mysterious disappearance of her treasured balloon, "
            "the extraordinarily inquisitive cat investigated innumerable possibilities, "
            "methodically interrogating bewildered seabirds regarding atmospheric "
            "conditions.")
KOREAN = "고양이 핍은 바닷가에 살아요. 핍은 빨간 풍선을 좋아해요. 바람이 불어요."

SHEET = "Pip, a small orange tabby cat with a blue collar. Colours: orange, blue."


def book_json(text: str, pages: int, *, title: str = "Pip and the Balloon",
              sheet: str = SHEET) -> dict:
    return {"title": title, "character_sheet": sheet,
            "pages": [{"text": text, "illustration_prompt": f"Pip on the beach, page {n}, "
                       "in the morning"} for n in range(1, pages + 1)]}


def check_book(book: Book, *, pages: int, age_band: str) -> None:
    """What every writer promises of a book: its parts, its length, its reading level."""
    assert isinstance(book, Book)
    assert book.title.strip() and book.character_sheet.strip()
    assert len(book.pages) == pages
    for page in book.pages:
        assert page.text.strip()
        # Consistency: the character sheet leads every picture's prompt.
        assert page.illustration_prompt.startswith(f"Main character: {book.character_sheet}")
    assert band_problem(book.text, age_band=age_band) is None, (
        age_band, reading_grade(book.text))
