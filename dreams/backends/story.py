"""Story: the dream retold as a short piece of prose.

Offline: the dream's own sentences turned to the second person ("I ran" → "you ran"), framed
by an opening in its setting, its companions and a close in its mood. OpenAI: a chat
completion asked for a short retelling as JSON {"title", "story"}.
"""

from __future__ import annotations

import json
import random
import re

from django.conf import settings
from django.utils.translation import gettext as _

from core.backends import BackendError
from core.openai_client import openai_chat_answer
from dreams.backends.base import DreamContext, DreamStoryteller, StoryResult, language_name
from dreams.backends.korean import tell_ko
from dreams.backends.story_slots import beings_of, listed, place_of, plural, things_of

MAX_SENTENCES = 7

_PRONOUNS = [
    (r"\bI am\b", "you are"), (r"\bI'm\b", "you're"), (r"\bI was\b", "you were"),
    (r"\bI've\b", "you've"), (r"\bI'd\b", "you'd"), (r"\bI'll\b", "you'll"),
    (r"\bI\b", "you"), (r"\bmyself\b", "yourself"), (r"\bmine\b", "yours"),
    (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bwas I\b", "were you"),
]
_SETTINGS_OPEN = (
    "It began the way dreams do, with no beginning at all: you were simply there, {place}.",
    "Somewhere between sleep and morning, you found yourself {place}.",
    "The dream opened {place}, as if it had been waiting for you.",
)
_NO_PLACE = "in a place that felt both strange and familiar"
_COMPANIONS = (
    "{who} {be} there too, meaning more than {pronoun} said, the way people and creatures "
    "in dreams often do.",
    "Through all of it, {who} {be} close by, part of the story whether you asked or not.",
)
_ENDINGS = {
    "happiness": "When the dream let you go, something of its lightness stayed, like warmth "
                 "left in a room after the sun has moved on.",
    "apprehension": "Then, as dreams do, it loosened its grip. Morning came in slowly, and "
                    "the fear stayed behind in the dark where it began.",
    "sadness": "The dream faded gently, leaving a quiet ache and the sense that something "
               "had been honoured.",
    "anger": "The heat of it cooled as you woke, leaving only the question of what it had "
             "been defending.",
    "confusion": "Before any of it could make sense, the dream folded itself away, keeping "
                 "its riddle for another night.",
}
_THINGS = (
    "{things} {be} part of it too, each one seeming to matter.",
    "Here and there {things} caught your eye, as if {pronoun} had been left for you.",
)
_DEFAULT_ENDING = "And then the dream was over, its images drifting out of reach as you woke."
_TITLES_ONE = ("A Dream of {a}", "{a}, Remembered", "{a} in the Night")
_TITLES_TWO = ("{a} and {b}", "A Dream of {a} and {b}")


class OfflineDreamStoryteller(DreamStoryteller):
    provider = "offline"

    def tell(self, dream: DreamContext) -> StoryResult:
        if dream.language == "ko":
            return tell_ko(dream)
        rng = random.Random(dream.seed)
        place = place_of(dream.symbols) or _NO_PLACE
        paragraphs = [rng.choice(_SETTINGS_OPEN).format(place=place)]
        paragraphs.append(" ".join(_retold(dream.text)))
        beings, things = beings_of(dream.symbols), things_of(dream.symbols)
        if beings:
            many = len(beings) > 1 or plural(beings[0])
            paragraphs.append(_sentence(rng.choice(_COMPANIONS).format(
                who=listed(beings), be="were" if many else "was",
                pronoun="they" if many else "it")))
        if things:
            many = len(things) > 1 or plural(things[0])
            paragraphs.append(_sentence(rng.choice(_THINGS).format(
                things=listed(things), be="were" if many else "was",
                pronoun="they" if many else "it")))
        feeling = dream.emotions[0] if dream.emotions else ""
        paragraphs.append(_ENDINGS.get(feeling, _DEFAULT_ENDING))
        return StoryResult(title=_title(dream, rng), text="\n\n".join(p for p in paragraphs
                                                                       if p.strip()))


def _sentence(line: str) -> str:
    return line[0].upper() + line[1:]


def _second_person(text: str) -> str:
    for pattern, replacement in _PRONOUNS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _retold(text: str) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]
    if len(sentences) > MAX_SENTENCES:
        sentences = sentences[:4] + sentences[-(MAX_SENTENCES - 4):]
    retold = []
    for sentence in sentences:
        sentence = _second_person(sentence)
        if sentence[-1] not in ".!?…\"”":
            sentence += "."
        retold.append(sentence[0].upper() + sentence[1:])
    return retold


def _title(dream: DreamContext, rng: random.Random) -> str:
    names: list[str] = []
    for entry in dream.symbols:
        # "Teeth Falling Out and Falling" says one thing twice: take the next symbol instead.
        if not any(set(entry.name.lower().split()) <= set(n.lower().split()) for n in names):
            names.append(_title_case(entry.name))
        if len(names) == 2:
            break
    if not names:
        return "A Dream Retold"
    if len(names) == 1:
        return rng.choice(_TITLES_ONE).format(a=names[0])
    return rng.choice(_TITLES_TWO).format(a=names[0], b=names[1])


def _title_case(name: str) -> str:
    small = {"a", "an", "and", "of", "the", "in", "on", "to", "or"}
    words = name.split()
    return " ".join(w if i and w.lower() in small else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


STORY_PROMPT = """Retell the dream you are given as a short story in the second person
("you"), 120 to 250 words, in 3 or 4 paragraphs. Keep its people, places and events; you may
add sensory detail but no new major events. Keep the dreamer's feelings. Do not explain or
interpret the dream, make no medical claims and no predictions. Give it a short title.
Write the title and the story in {language}, the language the dream is told in; in Korean,
in the plain narrative style (-다), and "you" may be left unsaid as Korean prose does."""

STORY_SCHEMA = {
    "name": "dream_story", "strict": True,
    "schema": {"type": "object", "additionalProperties": False, "required": ["title", "story"],
               "properties": {"title": {"type": "string"}, "story": {"type": "string"}}},
}


class OpenAIDreamStoryteller(DreamStoryteller):
    provider = "openai"

    def tell(self, dream: DreamContext) -> StoryResult:
        return openai_chat_answer(
            service=_("the storytelling service"), operation="dream story",
            model=self.options.get("model") or settings.OPENAI_DREAM_STORY_MODEL,
            refused=_("The storytelling service declined to retell this dream."),
            response_format={"type": "json_schema", "json_schema": STORY_SCHEMA},
            messages=[{"role": "system",
                       "content": STORY_PROMPT.format(language=language_name(dream.language))},
                      {"role": "user", "content": dream.text}],
            max_completion_tokens=self.options.get("max_completion_tokens", 3000),
            read=_story_from)


def _story_from(content: str) -> StoryResult:
    try:
        data = json.loads(content)
        title, story = str(data["title"]).strip(), str(data["story"]).strip()
    except (ValueError, KeyError, TypeError) as exc:
        raise BackendError(_("The storytelling service gave an answer we could not read.")) \
            from exc
    if not story:
        raise BackendError(_("The storytelling service returned an empty story."))
    return StoryResult(title=title[:160] or "A Dream Retold", text=story)
