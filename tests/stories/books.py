"""Book texts of known difficulty, as a chat model would return them (JSON of the schema)."""

from __future__ import annotations

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
