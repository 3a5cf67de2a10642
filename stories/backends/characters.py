"""Protagonists: the preset ones, and a sheet made from a person's own description."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

COLOURS = {
    "red": "#d7263d", "orange": "#f18f01", "yellow": "#f6c915", "green": "#3bb273",
    "blue": "#2e86de", "teal": "#1b998b", "purple": "#7d5ba6", "pink": "#ef7aa8",
    "brown": "#8d5b3a", "black": "#2b2b2b", "white": "#f4f1ea", "grey": "#9aa0a6",
    "gray": "#9aa0a6", "silver": "#c0c6cc", "gold": "#e0b334", "golden": "#e0b334",
}


@dataclass(frozen=True)
class Character:
    name: str
    kind: str  # what it is: "cat", "boy", "hedgehog"
    looks: str
    clothing: str
    colours: tuple[str, ...]  # names from COLOURS, main colour first
    pronoun: str  # "she" or "he"

    @property
    def sheet(self) -> str:
        colours = ", ".join(self.colours)
        return (f"{self.name}, {self.looks}. Wears {self.clothing}. "
                f"Colours: {colours}. Draw {self.name} the same on every page.")

    @property
    def her(self) -> str:
        return "her" if self.pronoun == "she" else "his"

    @property
    def them(self) -> str:
        return "her" if self.pronoun == "she" else "him"


PRESETS: dict[str, Character] = {
    "boy": Character("Leo", "boy", "a boy of six with curly brown hair and a round face",
                     "a yellow raincoat and red boots", ("yellow", "red", "brown"), "he"),
    "girl": Character("Mia", "girl", "a girl of six with two black braids and freckles",
                      "a green dress and white sneakers", ("green", "black", "white"), "she"),
    "cat": Character("Pip", "cat", "a small orange tabby cat with white paws and green eyes",
                     "a blue collar with a silver bell", ("orange", "blue", "white"), "she"),
    "frog": Character("Hopper", "frog", "a little green frog with big golden eyes",
                      "a red scarf", ("green", "red", "gold"), "he"),
    "rabbit": Character("Clover", "rabbit", "a white rabbit with long pink-lined ears",
                        "a purple vest", ("white", "purple", "pink"), "she"),
    "robot": Character("Bolt", "robot", "a round silver robot with teal lights and a little "
                       "antenna", "a red bow tie", ("silver", "teal", "red"), "he"),
    "dragon": Character("Ember", "dragon", "a small purple dragon with golden wings and a kind "
                        "smile", "a green backpack", ("purple", "gold", "green"), "she"),
    "princess": Character("Rosa", "princess", "a princess with dark curly hair and brown skin",
                          "a gold crown and a pink cape", ("pink", "gold", "brown"), "she"),
}

NAMES = ["Juniper", "Milo", "Hazel", "Otto", "Poppy", "Finn", "Luna", "Arlo", "Ivy", "Theo",
         "Nell", "Kai", "Wren", "Sami", "Tilly", "Jasper"]
SHE_WORDS = {"girl", "princess", "queen", "she", "her", "mother", "mum", "mom", "sister",
             "lady", "witch", "fairy", "grandma"}
HE_WORDS = {"boy", "prince", "king", "he", "his", "father", "dad", "brother", "wizard",
            "grandpa", "knight"}
ARTICLE = re.compile(r"^(a|an|the|my|one)\s+", re.IGNORECASE)
NAMED = re.compile(r"\b(?:named|called)\s+([A-Z\uac00-\ud7a3][\w\uac00-\ud7a3'-]*)")
CUT = re.compile(r"\s+(?:named|called|who|that|with|wearing|in)\b.*$", re.IGNORECASE)


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _a(phrase: str) -> str:
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def character_for(protagonist: str, *, rng: random.Random) -> Character:
    """The preset of that name, or a character made from a description ("a shy hedgehog
    called Spike with a red scarf")."""
    key = protagonist.strip().lower()
    if key in PRESETS:
        return PRESETS[key]
    text = " ".join(protagonist.split())
    words = set(re.findall(r"[a-z]+", text.lower()))
    named = NAMED.search(text)
    name = named.group(1) if named else rng.choice(NAMES)
    kind = CUT.sub("", ARTICLE.sub("", text)).strip(" ,.") or "child"
    kind = " ".join(kind.split()[-3:])
    colours = tuple(c for c in COLOURS if c in words and c != "gray") or tuple(
        rng.sample(["red", "blue", "green", "yellow", "orange", "purple", "teal"], 2))
    if "gray" in words and "grey" not in colours:
        colours = ("grey", *colours)
    if len(colours) < 2:
        colours = (*colours, rng.choice([c for c in ("blue", "yellow", "green", "red")
                                         if c not in colours]))
    clothing_match = re.search(r"\b(?:with|wearing|in)\s+(a|an|the)?\s*([^,.]+)", text)
    clothing = clothing_match.group(0).split(None, 1)[1] if clothing_match else (
        _a(f"{colours[1]} scarf"))
    if HANGUL.search(text) and not named:
        # A Korean description: its last word is taken as the name ("토끼 민지" → 민지).
        *rest, name = text.split()
        kind = " ".join(rest) or "friend"
    pronoun = ("she" if words & SHE_WORDS else "he" if words & HE_WORDS
               else rng.choice(["she", "he"]))
    looks = _a(ARTICLE.sub("", text) if not named else kind)
    return Character(name, kind, looks, clothing, colours[:3], pronoun)
