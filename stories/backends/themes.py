"""Reading a theme: where and when the story happens, its weather, the things in it, and which
plot shape it takes. Every part has a default for a theme that says nothing about it."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from stories.backends.grammar import NOT_OBJECTS, lemma, theme_parts


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

WEATHERS = {
    # weather: (theme lemmas that point to it, things seen in it, its sky in words)
    "rain": (("rain", "rainy", "puddle", "umbrella", "drizzle", "wet", "raincoat"),
             ("puddles", "umbrella", "raindrops"), "grey"),
    "snow": (("snow", "snowy", "snowman", "snowflake", "winter", "sled", "frozen", "ice"),
             ("snowflakes", "snowman", "sled"), "white and soft"),
    "wind": (("wind", "windy", "kite", "breeze", "blow"), ("kite", "leaves", "clouds"),
             "bright and busy with clouds"),
    "storm": (("storm", "stormy", "thunder", "lightning"), ("clouds", "lightning", "puddles"),
              "dark with clouds"),
    "fog": (("fog", "foggy", "mist", "misty"), ("mist", "lantern", "clouds"), "pale and misty"),
}
NIGHT_WORDS = {"night", "moon", "star", "sleep", "bedtime", "dream", "owl", "dark", "firefly"}
EVENING_WORDS = {"evening", "sunset", "dusk"}
MORNING_WORDS = {"morning", "sunrise", "breakfast", "dawn"}
SHAPES = [
    # shape: the theme lemmas that choose it
    ("mystery", ("mystery", "missing", "secret", "strange", "clue", "puzzle", "detective",
                 "hidden", "mysterious", "disappear", "vanish")),
    ("quest", ("lose", "lost", "find", "search", "look", "treasure", "map", "quest")),
    ("fear", ("afraid", "scared", "fear", "monster", "thunder", "brave", "nervous", "scary")),
    ("friendship", ("friend", "lonely", "together", "share", "team", "shy", "hello")),
    ("making", ("make", "build", "bake", "paint", "draw", "cake", "invent", "fix", "craft",
                "grow", "plant", "sew", "cook", "snowman", "sandcastle", "ride", "learn")),
    ("dayout", ("trip", "visit", "picnic", "journey", "outing", "holiday", "fair", "zoo",
                "adventure", "explore", "go", "day", "beach", "moon", "space")),
]
# The shapes a theme of each kind may take: the seed picks among them.
NEIGHBOURS = {"mystery": ("mystery", "quest"), "quest": ("quest", "mystery"),
              "fear": ("fear",), "friendship": ("friendship", "dayout"),
              "making": ("making",), "dayout": ("dayout", "quest", "friendship")}
FEELINGS = {"shy", "lonely", "brave", "afraid", "scared", "nervous", "sad", "happy",
            "different", "special", "sleepy", "grumpy", "cross", "excited"}
PLACES = {"beach", "sea", "ocean", "forest", "wood", "garden", "school", "farm", "castle",
          "town", "city", "home", "house", "park", "space", "pond", "lake", "mountain", "hill",
          "shore", "island", "street", "room", "classroom", "kingdom", "river", "sky", "world"}
SHAPE_THINGS = {"mystery": "key", "quest": "map", "fear": "lantern", "friendship": "ball",
                "making": "box", "dayout": "basket"}
WEATHER_THINGS = {"rain": "umbrella", "snow": "snowman", "wind": "kite", "storm": "lantern",
                  "fog": "lantern"}


@dataclass(frozen=True)
class Theme:
    phrase: str  # the theme as written, tidied ("a lost balloon at the beach")
    shape: str  # the plot shape: quest, mystery, fear, friendship, making, dayout
    setting: Setting
    time: str  # "day", "morning", "evening" or "night"
    weather: str  # "clear" or a key of WEATHERS
    thing: str  # a noun the story turns on ("balloon", "star", "friend")
    objects: tuple[str, ...]  # things to show in words and pictures
    activity: str | None  # a verb phrase in base form ("make friends"), if the theme is one
    sky: str  # the sky in words
    feeling: str | None = None  # how the hero feels, when the theme says ("shy")

    @property
    def motifs(self) -> tuple[str, ...]:
        """What a reader should meet in the book: the thing, the weather's things, the
        night's moon and stars."""
        extra = ("moon", "stars") if self.time == "night" else ()
        return (self.thing, *self.objects[:2], *extra)


def theme_read(theme: str, *, protagonist_kind: str, seed: int = 0) -> Theme:
    phrase = " ".join(theme.strip().rstrip(".!?").split())
    phrase = re.sub(r"^(?:a\s+)?(?:story|book)\s+about\s+", "", phrase, flags=re.IGNORECASE)
    parts = theme_parts(phrase)
    lemmas = set(parts.lemmas)
    rng = random.Random(seed)
    weather = next((w for w, (keys, _, _) in WEATHERS.items() if lemmas & set(keys)), "clear")
    shape = next((s for s, keys in SHAPES if lemmas & set(keys)), None)
    choices = NEIGHBOURS[shape] if shape else ("dayout", "quest", "making")
    if lemmas & {"mystery", "clue", "detective"}:
        choices = ("mystery",)  # a theme that says "mystery" gets one
    shape = rng.choice(choices)
    setting = next((s for s in SETTINGS if s.key == "snow"), None) if weather == "snow" else None
    setting = setting or next((s for s in SETTINGS if lemmas & {lemma(w) for w in s.words}),
                              None)
    if setting is None:
        key = DEFAULT_SETTING.get(protagonist_kind.split()[-1] if protagonist_kind else "",
                                  "forest")
        setting = next(s for s in SETTINGS if s.key == key)
    time = ("night" if lemmas & NIGHT_WORDS else "evening" if lemmas & EVENING_WORDS
            else "morning" if lemmas & MORNING_WORDS else "day")
    nouns = [n for n in parts.nouns if n not in NOT_OBJECTS and n not in WEATHERS
             and n not in PLACES]
    thing = (nouns[-1] if nouns else WEATHER_THINGS.get(weather) or SHAPE_THINGS[shape])
    if shape == "friendship" and "friend" in lemmas:
        thing = "friend"
    weather_objects = WEATHERS[weather][1] if weather in WEATHERS else ()
    objects = tuple(dict.fromkeys(o for o in (*weather_objects, *nouns) if o != thing))
    feeling = next((a for a in parts.adjectives if a in FEELINGS), None)
    sky = (WEATHERS[weather][2] if weather in WEATHERS else
           {"night": "dark blue and full of stars", "evening": "pink and gold"}.get(time, "blue"))
    return Theme(phrase, shape, setting, time, weather, thing, objects, parts.verb_phrase, sky,
                 feeling)
