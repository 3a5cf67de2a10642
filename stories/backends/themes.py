"""Reading a theme: where the story happens, when, what kind of story it is, and its object."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    key: str
    place: str  # "by the sea"
    sights: tuple[str, ...]  # plural nouns seen there
    helpers: tuple[str, ...]  # who can help there ("a wise old owl")
    words: tuple[str, ...]  # theme words that point here


SETTINGS = [
    Setting("seaside", "by the sea", ("shells", "waves", "boats", "gulls"),
            ("a crab named Coral", "an old gull named Captain"),
            ("sea", "beach", "ocean", "shore", "island", "boat", "wave", "shell", "sand")),
    Setting("space", "up among the stars", ("stars", "planets", "comets", "moons"),
            ("a moon mouse named Dot", "a friendly comet named Zip"),
            ("moon", "space", "star", "stars", "planet", "rocket", "comet", "sky")),
    Setting("forest", "in the green forest", ("trees", "ferns", "mushrooms", "pine cones"),
            ("a wise owl named Hoot", "a quick squirrel named Nutmeg"),
            ("forest", "woods", "tree", "trees", "wood", "camping", "camp")),
    Setting("snow", "in the snowy hills", ("snowflakes", "pine trees", "icicles", "sleds"),
            ("a polar bear named Frost", "a snow hare named Flurry"),
            ("snow", "winter", "ice", "cold", "snowman", "christmas")),
    Setting("school", "at the little school", ("desks", "books", "crayons", "swings"),
            ("a kind teacher named Ms Bell", "a girl named Ada"),
            ("school", "class", "teacher", "lesson", "classroom")),
    Setting("farm", "on the sunny farm", ("hens", "haystacks", "pigs", "apple trees"),
            ("a gentle cow named Daisy", "an old farm dog named Rufus"),
            ("farm", "barn", "cow", "hen", "horse", "tractor", "pig")),
    Setting("garden", "in the garden", ("flowers", "bees", "seeds", "snails"),
            ("a busy bee named Buzz", "a snail named Shelly"),
            ("garden", "flower", "flowers", "seed", "seeds", "plant", "bee", "grow")),
    Setting("castle", "at the old castle", ("towers", "flags", "gates", "knights"),
            ("a kind knight named Sir Ned", "a castle cat named Velvet"),
            ("castle", "kingdom", "palace", "king", "queen", "knight", "prince")),
    Setting("mountains", "high in the mountains", ("rocks", "goats", "clouds", "streams"),
            ("a mountain goat named Pebble", "an eagle named Sky"),
            ("mountain", "mountains", "hill", "hills", "cave", "volcano", "climb")),
    Setting("pond", "by the quiet pond", ("lily pads", "reeds", "ducks", "dragonflies"),
            ("a duck named Puddle", "a turtle named Moss"),
            ("pond", "lake", "river", "swim", "swimming", "rain", "puddle", "fish")),
    Setting("town", "in the busy town", ("shops", "buses", "lamps", "bridges"),
            ("a baker named Mr Crumb", "a pigeon named Penny"),
            ("city", "town", "street", "shop", "market", "bus", "train", "park")),
    Setting("home", "at home", ("toys", "pillows", "books", "windows"),
            ("a teddy bear named Button", "a kind grandma named Nana"),
            ("home", "house", "bed", "bedroom", "room", "family", "sister", "brother")),
]
DEFAULT_SETTING = {"frog": "pond", "princess": "castle", "robot": "town", "dragon": "mountains",
                   "cat": "garden", "rabbit": "garden", "boy": "town", "girl": "forest"}

TIMES = [("night", ("night", "dark", "moon", "stars", "sleep", "bedtime", "dream", "owl")),
         ("evening", ("evening", "sunset", "dusk")),
         ("morning", ("morning", "sunrise", "breakfast", "dawn"))]

CATEGORIES = [
    ("lost", ("lost", "missing", "lose", "find", "finding", "search", "looking")),
    ("fear", ("afraid", "scared", "fear", "dark", "monster", "storm", "thunder", "brave",
              "nervous", "shy")),
    ("friendship", ("friend", "friends", "friendship", "lonely", "together", "share",
                    "sharing", "team")),
    ("new", ("first", "new", "learn", "learning", "ride", "bike", "moving", "try")),
    ("kindness", ("help", "helping", "kind", "kindness", "gift", "sick", "hurt", "care",
                  "present")),
    ("growing", ("grow", "growing", "seed", "wait", "waiting", "patience", "birthday")),
    ("different", ("different", "special", "unique", "small", "tall", "colour", "color")),
]
STOP = {"a", "an", "the", "of", "to", "at", "in", "on", "and", "with", "about", "for", "my",
        "his", "her", "their", "is", "being", "how", "who", "story", "day", "that", "by",
        "from", "into", "learns", "learning", "goes", "going", "gets", "makes", "making"}
VERBS = {"ride", "make", "find", "climb", "build", "fly", "visit", "see", "meet", "try", "play",
         "go", "swim", "plant", "trip", "journey", "adventure", "bake", "catch", "save", "be"}
NOUN_TRIGGERS = {"friend", "friends", "gift", "present", "seed", "seeds", "storm", "monster",
                 "bike", "birthday", "dark", "thunder", "team"}
BOUNDARY = {"at", "in", "on", "with", "and", "for", "by", "from", "who", "that", "into"}


@dataclass(frozen=True)
class Theme:
    phrase: str  # the theme as written, tidied ("a lost balloon at the beach")
    category: str
    setting: Setting
    time: str  # "day", "morning", "evening" or "night"
    thing: str  # what the story turns on ("balloon", "the dark", "moon")


def theme_read(theme: str, *, protagonist_kind: str) -> Theme:
    phrase = " ".join(theme.strip().rstrip(".!?").split())
    phrase = re.sub(r"^(?:a\s+)?(?:story|book)\s+about\s+", "", phrase, flags=re.IGNORECASE)
    words = re.findall(r"[a-z']+", phrase.lower())
    category, trigger = "adventure", None
    for name, keys in CATEGORIES:
        hit = next((w for w in words if w in keys), None)
        if hit:
            category, trigger = name, hit
            break
    setting = next((s for s in SETTINGS if any(w in s.words for w in words)), None)
    if setting is None:
        key = DEFAULT_SETTING.get(protagonist_kind.split()[-1] if protagonist_kind else "",
                                  "forest")
        setting = next(s for s in SETTINGS if s.key == key)
    time = next((t for t, keys in TIMES if any(w in keys for w in words)), "day")
    thing = _thing(phrase, words, trigger)
    if thing in {"dark", "storm", "thunder", "night", "rain"}:
        thing = f"the {thing}"
    return Theme(phrase, category, setting, time, thing)


def _thing(phrase: str, words: list[str], trigger: str | None) -> str:
    if not words:
        return phrase or "a secret"
    if trigger in NOUN_TRIGGERS:
        at = words.index(trigger)
        before = words[at - 1] if at and words[at - 1] not in STOP else ""
        return f"the {trigger}" if trigger in {"dark", "storm", "thunder"} else (
            f"{before} {trigger}".strip())
    start = words.index(trigger) + 1 if trigger else 0
    picked: list[str] = []
    for word in words[start:]:
        if word in VERBS:
            continue
        if word in BOUNDARY and picked:
            break
        if word not in STOP:
            picked.append(word)
        if len(picked) == 3:
            break
    if not trigger and len(picked) > 1:
        picked = picked[-1:]
    if not picked:
        content = [w for w in words if w not in STOP and w not in VERBS]
        picked = content[-1:] or [words[-1]]
    return " ".join(picked)
