"""A page's picture in words: what happens, where, in what weather and light, who is there,
which things are named on the page and how the hero stands. The painter reads it back."""

from __future__ import annotations

import re

from stories.backends.grammar import lemma, plural
from stories.backends.themes import Theme

POSES = [
    # pose: words of the page's text that call for it (first match wins)
    ("jumping", ("jumped", "cheered", "did it", "hooray", "laughed", "party", "danced",
                 "splash", "whooshed")),
    ("running", ("ran", "hurried", "raced", "rushed", "set off", "slid")),
    ("sitting", ("sat", "sighed", "rest", "snack")),
    ("hugging", ("hug", "hugged")),
    ("looking", ("looked", "search", "followed", "clue", "listened", "watched", "asked")),
    ("sad", ("sad", "gone", "missing", "afraid", "worried", "lonely", "shy", "wrong",
             "oh no", "did not work")),
    ("waving", ("waved", "hello", "smiled", "goodbye")),
]
SCENE_OF_BEAT = {
    "setup": "{name} at home {place}",
    "setup_more": "{name} playing among the {sight2}",
    "problem": "{name} facing a problem",
    "helper": "{name} meeting {helper}",
    "turning": "{name} and {helper_name} finding the way",
    "resolution": "{name} joyful, the problem solved",
    "lesson": "{name} happy and calm at the end of the day",
}


def page_scene(*, beats: list[str], text: str, words: dict[str, str], story: Theme,
               index: int, total: int) -> str:
    lower = text.lower()
    what = SCENE_OF_BEAT.get(beats[-1], "{name} trying something").format(**words)
    if beats[-1] == "attempt":
        first = re.split(r"(?<=[.!?])\s", text)[0]
        what = re.sub(r"^(?:First|Next|Then|After that|So|Later|Once more|Again),? ", "",
                      first).rstrip(".!")
    time = story.time
    if time == "day":
        time = "morning" if index == 0 else "evening" if index == total - 1 else "day"
    named = {lemma(w) for w in re.findall(r"[a-z]+", lower)}
    things = [story.thing, *story.objects, *_weather_things(story.weather)]
    shown = [t for t in dict.fromkeys(things) if lemma(t.split()[-1]) in named]
    if beats[-1] in {"problem", "resolution"} and story.thing not in shown:
        shown.insert(0, story.thing)
    helper = words["helper"] if words["helper_name"].lower() in lower else "none"
    pose = next((p for p, keys in POSES if any(k in lower for k in keys)), "standing")
    return (f"{what}, {story.setting.place} ({story.setting.key}), in the {time}.\n"
            f"Weather: {story.weather}.\nSky: {story.sky}.\n"
            f"Objects: {', '.join(shown) or 'none'}.\n"
            f"Helper: {helper}.\n"
            f"Pose: {pose}.\n"
            f"Around: {words['sight1']}, {words['sight2']}. The story is about "
            f"{story.phrase}.")


def _weather_things(weather: str) -> list[str]:
    return {"rain": ["umbrella", "puddle"], "snow": ["snowman", "sled"],
            "wind": ["kite", "leaf"], "storm": ["puddle"], "fog": ["lantern"]}.get(weather, [])


def scene_field(scene: str, name: str) -> str:
    """One `Name: value` line of a scene ("" when absent)."""
    found = re.search(rf"^{name}:\s*([^\n]*?)\.?\s*$", scene, re.MULTILINE)
    return found.group(1).strip() if found else ""


__all__ = ["page_scene", "plural", "scene_field"]
