"""Interpretation: a gentle reading of a dream, every symbol claim citing its dictionary entry.

Offline: composed from the retrieved entries and the dream's emotions. OpenAI: a RAG prompt
holding the same entries, answered as JSON that cites entry ids (checked: nothing uncited).
"""

from __future__ import annotations

import json
import random

from django.conf import settings
from django.utils.translation import gettext as _

from core.backends import BackendError
from core.openai_client import openai_chat_answer
from dreams.backends.base import (
    DreamContext,
    InterpretationResult,
    InterpretationSection,
    Interpreter,
    SymbolEntry,
    interpretation_check,
    language_name,
)
from dreams.backends.korean import interpret_ko

# Each group of symbols is introduced once, in the order of its strongest member: how the
# overview names it, and how its first reading begins.
_GROUPS = {
    "character": ("people and figures", "the people and figures in it"),
    "animal": ("creatures", "the creatures in it"),
    "setting": ("places", "the places it happened in"),
    "object": ("things", "the things that appeared"),
    "activity": ("actions", "what you did in it"),
    "interaction": ("encounters", "what passed between you and others"),
    "striving": ("trials", "what you strove for or struggled with"),
    "fortune": ("turns of fortune", "what befell you"),
    "descriptive": ("images", "its images and sensations"),
    "emotion": ("feelings", "its feelings"),
}
_OTHER_GROUP = ("other images", "what else it held")

_EMOTION_LINES = {
    "anger": "There is anger in this dream. Anger often guards something that matters to us; "
             "it may be worth asking what felt crossed or unfair.",
    "apprehension": "Much of this dream is coloured by unease. Fear in dreams is common and "
                    "is usually the mind rehearsing, not a warning of anything to come.",
    "sadness": "Sadness runs through this dream. A dream can give grief or longing room that "
               "the day does not, and many people wake a little lighter for it.",
    "confusion": "The dream leaves a sense of confusion, which is natural: dreams mix places "
                 "and times freely. What felt most out of place may be the thread to follow.",
    "happiness": "There is happiness here. Dreams of ease and delight are worth savouring; "
                 "they can show what already feels right to you.",
}
_OPENERS = (
    "You wrote “{words}”, which brings up {name}. {text}",
    "“{words}”: in the dictionary this is {name}. {text}",
    "{name} appears in your words “{words}”. {text}",
)
_QUESTIONS = (
    "What in your waking life feels like this dream?",
    "Which moment of the dream stays with you most, and why that one?",
    "If one of these images could speak, what might it ask of you?",
    "Is there something you would like to do differently after this dream?",
)
_CLOSING = ("These are possibilities, not verdicts: you are the one who knows what this dream "
            "means. Keep what fits and let the rest go.")


class OfflineInterpreter(Interpreter):
    provider = "offline"

    def interpret(self, dream: DreamContext) -> InterpretationResult:
        if dream.language == "ko":
            result = interpret_ko(dream)
            interpretation_check(result, dream)
            return result
        rng = random.Random(dream.seed)
        shown = list(dream.symbols)
        sections = [_overview(dream, shown)]
        for group, ((_label, lead), entries) in enumerate(_grouped(shown)):
            for number, entry in enumerate(entries):
                opener = rng.choice(_OPENERS)
                words = entry.matched[0] if entry.matched else entry.name.lower()
                text = opener.format(words=words, name=_name(entry), text=entry.text)
                text = text[0].upper() + text[1:]
                if number == 0:
                    text = f"{'Then' if group else 'First'}, {lead}. {text}"
                sections.append(InterpretationSection(text=text, citations=(entry.id,)))
        emotion_lines = [_EMOTION_LINES[e] for e in dream.emotions if e in _EMOTION_LINES]
        if emotion_lines:
            sections.append(InterpretationSection(text=" ".join(emotion_lines[:2])))
        questions = rng.sample(_QUESTIONS, 2)
        sections.append(InterpretationSection(text=f"{' '.join(questions)} {_CLOSING}"))
        result = InterpretationResult(sections=tuple(sections))
        interpretation_check(result, dream)
        return result


def _grouped(entries: list[SymbolEntry]) -> list[tuple[tuple[str, str], list[SymbolEntry]]]:
    """The entries by category, the group of the strongest entry first (entries come ranked)."""
    groups: dict[tuple[str, str], list[SymbolEntry]] = {}
    for entry in entries:
        groups.setdefault(_GROUPS.get(entry.category, _OTHER_GROUP), []).append(entry)
    return list(groups.items())


def _name(entry: SymbolEntry) -> str:
    return entry.name.lower()


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _overview(dream: DreamContext, shown: list[SymbolEntry]) -> InterpretationSection:
    if not shown:
        return InterpretationSection(text=(
            "None of the symbols in our dictionary turned up in this dream, so this reading "
            "rests on how it felt rather than on what appeared in it."))
    groups = _grouped(shown)
    if len(groups) == 1:
        listed = _listed([_name(entry) for entry in shown])
    else:
        listed = _listed([f"{label} ({_listed([_name(e) for e in entries])})"
                          for (label, _), entries in groups])
    return InterpretationSection(
        text=f"Your dream brings together {listed}. Here is what each of them often "
             "stands for; see which of these readings feels true to you.",
        citations=tuple(entry.id for entry in shown))


SYSTEM_PROMPT = """You help people reflect on their own dreams.
Rules:
- Base every statement about a dream symbol on the dictionary entries provided, and cite the
  id of each entry a section relies on in that section's "citations". Cite only ids from the
  entries given. Do not discuss symbols that have no entry.
- Offer possibilities, not verdicts: the dreamer decides what the dream means.
- Never make medical, psychiatric or diagnostic claims, and never predict the future.
- Be warm and brief: 3 to 6 short sections of 1 to 3 sentences each, in plain {language}.
- Write every section in {language}, whatever the language of the entries or of the dream
  (the dream may be told in Korean, with particles and endings on its words).
- End with one or two open questions for the dreamer."""

SCHEMA = {
    "name": "dream_interpretation",
    "strict": True,
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "required": ["sections"],
        "properties": {
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text", "citations"],
                    "properties": {
                        "text": {"type": "string"},
                        "citations": {"type": "array", "items": {"type": "integer"}},
                    },
                },
            },
        },
    },
}


class OpenAIInterpreter(Interpreter):
    """Chat completion with the retrieved entries in the prompt and a JSON-schema answer."""

    provider = "openai"

    def interpret(self, dream: DreamContext) -> InterpretationResult:
        result = openai_chat_answer(
            service=_("the interpretation service"), operation="dream interpretation",
            model=self.options.get("model") or settings.OPENAI_INTERPRETATION_MODEL,
            refused=_("The interpretation service declined to read this dream."),
            response_format={"type": "json_schema", "json_schema": SCHEMA},
            messages=[{"role": "system",
                       "content": SYSTEM_PROMPT.format(language=language_name(dream.language))},
                      {"role": "user", "content": _user_prompt(dream)}],
            max_completion_tokens=self.options.get("max_completion_tokens", 3000),
            read=_parse)
        interpretation_check(result, dream)
        return result


def _user_prompt(dream: DreamContext) -> str:
    entries = [{"id": e.id, "name": e.name, "category": e.category, "entry": e.text,
                "dream_words": list(e.matched)} for e in dream.symbols]
    return json.dumps({"dream": dream.text, "language": dream.language,
                       "emotions": list(dream.emotions), "dictionary_entries": entries},
                      ensure_ascii=False)


def _parse(content: str) -> InterpretationResult:
    try:
        data = json.loads(content)
        sections = tuple(
            InterpretationSection(text=str(item["text"]).strip(),
                                  citations=tuple(int(pk) for pk in item.get("citations", [])))
            for item in data["sections"] if str(item["text"]).strip())
    except (ValueError, KeyError, TypeError) as exc:
        # Not permanent: a second answer from the model is usually well-formed.
        raise BackendError(_("The interpretation service gave an answer we could not read.")) \
            from exc
    return InterpretationResult(sections=sections)
