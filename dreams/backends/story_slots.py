"""Typed slots of the offline story: a place, the people and creatures, the things.

A slot is filled only by an entry of its type, and each type is worded for its slot: a place
with its preposition ("at school", "on a beach", "in your childhood home"), a being as a
person is named ("your mother", "a stranger"), a thing with its article ("a key", "money").
A place is worded from the dictionary entry, never from the dream's matched words, which may
be anything the entry's aliases list ("teacher" finds School: the place is "at school").
"""

from __future__ import annotations

from dreams.backends.base import SymbolEntry

PLACE_CATEGORIES = frozenset({"setting"})
BEING_CATEGORIES = frozenset({"character", "animal"})
THING_CATEGORIES = frozenset({"object"})

PLACES = {
    "Water": "by deep water", "Ocean": "by the sea", "House": "in a house",
    "School": "at school", "Forest": "in a forest", "Mountain": "on a mountain",
    "Bridge": "on a bridge", "Hospital": "in a hospital", "Stairs": "on a staircase",
    "Bed": "in bed", "Kitchen": "in a kitchen", "Garden": "in a garden",
    "Island": "on an island", "Beach": "on a beach", "River": "by a river",
    "Lake": "by a lake", "Swimming pool": "at a swimming pool", "Prison": "in a prison",
    "Work": "at work", "Road": "on a road", "City": "in a city", "Village": "in a village",
    "Desert": "in a desert", "Cave": "in a cave", "Attic": "in an attic",
    "Hidden room": "in a hidden room", "Hotel": "in a hotel", "Church": "in a church",
    "Graveyard": "in a graveyard", "Castle": "in a castle", "Shop": "in a shop",
    "Restaurant": "in a restaurant", "Bathroom": "in a bathroom", "Sky": "high in the sky",
    "Space": "out in space", "Childhood home": "in your childhood home",
    "Cliff": "at the edge of a cliff", "Heights": "somewhere high up",
    "Shelter": "in a shelter", "Corridor": "in a long corridor",
}
# Names read as they are, with no article: mass nouns and plurals.
_BARE = frozenset({"money", "food", "luggage", "medicine", "alcohol", "fruit", "sweets",
                   "clothes", "shoes", "books", "eggs", "flowers", "teeth", "old photographs",
                   "insects", "rats and mice", "bees", "worms", "farm animals", "aliens",
                   "sea creatures"})
_FAMILY = frozenset({"mother", "father", "grandparent", "sibling", "partner", "ex-partner",
                     "pet", "boss", "teacher", "friend"})


def place_of(entries: tuple[SymbolEntry, ...]) -> str | None:
    """Where the dream happened, as a prepositional phrase, or None when no place is known."""
    for entry in entries:
        if entry.category in PLACE_CATEGORIES:
            phrase = PLACES.get(entry.name) or _place_from_name(entry.name)
            if phrase:
                return phrase
    return None


def beings_of(entries: tuple[SymbolEntry, ...], *, most: int = 3) -> list[str]:
    """The people and creatures, each named as a person would name them."""
    return [_being(entry) for entry in entries if entry.category in BEING_CATEGORIES][:most]


def things_of(entries: tuple[SymbolEntry, ...], *, most: int = 3) -> list[str]:
    """The objects, each with its article."""
    return [with_article(entry.name.lower()) for entry in entries
            if entry.category in THING_CATEGORIES][:most]


def plural(phrase: str) -> bool:
    return phrase.lower() in _BARE or " and " in phrase


def with_article(noun: str) -> str:
    if noun in _BARE:
        return noun
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _place_from_name(name: str) -> str | None:
    # An entry added by a curator: a one-word name is a place noun; anything longer may
    # not be ("No privacy"), and a place left out reads better than a wrong one.
    noun = name.lower()
    return f"in {with_article(noun)}" if noun.isalpha() else None


def _being(entry: SymbolEntry) -> str:
    noun = entry.name.lower()
    words = entry.matched[0].lower() if entry.matched else ""
    if words.startswith("my ") and len(words.split()) == 2:
        return f"your {words[3:]}"
    words = words.removesuffix("'s").removesuffix("’s")
    if noun in _FAMILY:
        return f"your {words}" if words.isalpha() else f"your {noun}"
    if noun in _BARE:
        return noun
    return with_article(noun)
