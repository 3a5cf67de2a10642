"""Words for a measured picture: a one- or two-sentence caption and a handful of tags.

What was measured is described (light, colour, surface, layout, mood), and what is in the
picture only where captioning.scene is confident of it (sky, water, a person, …). Phrasing
varies between pictures but is chosen by hashing the measurements, so the same picture always
reads the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TypeVar

from captioning.analysis import Analysis, Swatch
from captioning.backends.base import Mood
from captioning.seen import seen_tags, setting_phrase, things_phrase
from music.composer.genres import family_of

T = TypeVar("T")
MAX_TAGS = 8
_NOTABLE_SHARE = 0.1
_PLACES = {
    "upper left": "the upper-left corner", "upper centre": "the top of the frame",
    "upper right": "the upper-right corner", "middle left": "the left side",
    "middle centre": "the centre", "middle right": "the right side",
    "lower left": "the lower-left corner", "lower centre": "the bottom of the frame",
    "lower right": "the lower-right corner",
}
class _Chooser:
    def __init__(self, analysis: Analysis) -> None:
        measured = json.dumps(analysis.features(), sort_keys=True).encode()
        self._seed = hashlib.sha256(measured).digest()

    def pick(self, salt: str, options: Sequence[T]) -> T:
        digest = hashlib.sha256(self._seed + salt.encode()).digest()
        return options[int.from_bytes(digest[:4], "big") % len(options)]


def mood_words(analysis: Analysis, mood: Mood) -> tuple[str, str]:
    """The words of the mood's music family, so the caption and the music agree."""
    return family_of(mood.valence, mood.arousal).descriptors


def caption_text(analysis: Analysis, feeling: tuple[str, str]) -> str:
    choose = _Chooser(analysis)
    colours = _notable(analysis.palette)
    mood = " and ".join(feeling)
    if analysis.is_flat:
        lead = choose.pick("flat", ("An unbroken field of {}", "A flat, even expanse of {}",
                                    "A plain field of {}"))
        return (f"{lead.format(colours[0].name)}, with nothing to break its surface. "
                f"It feels {mood}.")
    things = things_phrase(analysis.seen)
    if things or setting_phrase(analysis.seen):
        subject = f" with {things}" if things else ""
        if analysis.composition.horizon is not None and {"sky", "sunset"} & set(analysis.seen):
            detail, _ = _layout(analysis, [c.name for c in colours], choose)
            subject += f" above {detail.split(' above ')[-1]}"
        fade = analysis.composition.fade
        colour = _fade_phrase(fade) if fade and _is_gradient(analysis) else \
            _palette_phrase(analysis, colours, choose)
        if analysis.composition.points_of_light:
            subject += setting_phrase(analysis.seen) + ", pricked by small points of light"
        else:
            subject += setting_phrase(analysis.seen)
        sentence = f"{_opening(analysis, choose)}{subject}, {colour}"
    else:
        sentence = (f"{_opening(analysis, choose)} "
                    f"{_colour_and_layout(analysis, colours, choose)}")
    form = choose.pick("close", ("{s}, it feels {m}.", "{s}; the mood is {m}.",
                                 "{s}, it reads as {m}."))
    return f"{sentence}. {form.format(s=_surface(analysis, choose), m=mood)}"


def _colour_and_layout(analysis: Analysis, colours: list[Swatch], choose: _Chooser) -> str:
    fade = analysis.composition.fade
    if _is_gradient(analysis) and fade and colours[0].name in fade[1:]:
        # A gradient says its colours itself: "fading from powder blue at the top to …".
        return _fade_phrase(fade)
    palette = _palette_phrase(analysis, colours, choose)
    detail, is_clause = _layout(analysis, [c.name for c in colours], choose)
    if not detail:
        return palette
    if is_clause:
        return f"{palette}, {detail}"
    return f"{palette} and {detail}" if ", with" in palette else f"{palette}, with {detail}"


def _is_gradient(analysis: Analysis) -> bool:
    """Colour shifting end to end with no hard edge on the way (edges would be shapes)."""
    layout = analysis.composition
    return (layout.fade is not None and layout.horizon is None and analysis.edges < 0.01
            and analysis.texture < 0.35)


def _fade_phrase(fade: list[str]) -> str:
    direction, first, last = fade
    if direction == "down":
        return f"fading from {first} at the top to {last} below"
    return f"fading from {first} on the left to {last} on the right"


def tags_for(analysis: Analysis, feeling: tuple[str, str]) -> list[str]:
    colours = [s.name for s in _notable(analysis.palette)]
    qualities = [word for word, holds in (
        ("bright", analysis.lightness >= 0.7), ("dark", analysis.lightness <= 0.3),
        ("warm", analysis.warmth >= 0.3), ("cool", analysis.warmth <= -0.3),
        ("vivid", analysis.saturation >= 0.6), ("muted", 0.08 < analysis.saturation <= 0.25),
        ("monochrome", analysis.saturation <= 0.08),
        ("high contrast", analysis.contrast >= 0.45),
        ("textured", analysis.texture >= 0.45), ("smooth", analysis.texture <= 0.1),
        ("horizon", analysis.composition.horizon is not None and
         analysis.composition.sky_top is not None),
        ("gradient", _is_gradient(analysis)),
        ("symmetric", analysis.composition.symmetry >= 0.8),
    ) if holds]
    # What is in the picture first; a second mood word makes way for it.
    seen = seen_tags(analysis.seen)
    feeling = feeling[:1] if seen else feeling
    room = max(1, MAX_TAGS - len(seen) - len(colours) - len(feeling))
    tags = [*seen, *colours, *qualities[:room], *feeling]
    return list(dict.fromkeys(tag.lower() for tag in tags))[:MAX_TAGS]


def _notable(palette: tuple[Swatch, ...]) -> list[Swatch]:
    """Up to three colours worth naming, the dominant first, different families preferred."""
    candidates = [s for s in palette if s.share >= _NOTABLE_SHARE] or list(palette[:1])
    chosen: list[Swatch] = []
    for swatch in candidates:
        if swatch.family not in {c.family for c in chosen}:
            chosen.append(swatch)
    if len(chosen) == 1 and len(candidates) > 1:  # all one family: name two of its shades
        chosen.append(candidates[1])
    return chosen[:3]


def _opening(analysis: Analysis, choose: _Chooser) -> str:
    light = choose.pick("light", _light_words(analysis.lightness, analysis.contrast))
    colours = _colour_words(analysis.saturation, analysis.warmth)
    colour = choose.pick("colour", colours)
    if colour.endswith("-toned") and light.endswith("-toned"):
        colour = colours[0]
    noun = choose.pick("noun", _nouns(analysis.composition.aspect))
    words = f"{light}, {colour} {noun}"
    return f"{'An' if words[0] in 'aeiou' else 'A'} {words}"


def _light_words(lightness: float, contrast: float) -> tuple[str, ...]:
    if lightness >= 0.78:
        return ("bright", "airy", "luminous", "light-filled")
    if lightness >= 0.6:
        return ("light", "clear", "open")
    if lightness >= 0.4:
        return ("bold", "striking") if contrast >= 0.4 else ("mid-toned", "evenly lit")
    if lightness >= 0.22:
        return ("dim", "shadowy", "low-lit", "dusky")
    return ("dark", "deeply shadowed", "inky")


def _colour_words(saturation: float, warmth: float) -> tuple[str, ...]:
    temperature = "warm" if warmth >= 0.3 else "cool" if warmth <= -0.3 else "neutral"
    if saturation >= 0.6:
        return {"warm": ("glowing", "vivid", "saturated"), "cool": ("vivid", "crisp", "saturated"),
                "neutral": ("vivid", "richly coloured", "saturated")}[temperature]
    if saturation >= 0.25:
        return {"warm": ("warm", "warm-toned", "mellow"), "cool": ("cool", "cool-toned", "fresh"),
                "neutral": ("softly coloured", "gently coloured")}[temperature]
    if saturation >= 0.08:
        return ("cool", "hazy", "subdued") if temperature == "cool" else ("muted", "subdued")
    return ("colourless", "monochrome", "grey-toned")


def _nouns(aspect: float) -> tuple[str, ...]:
    if aspect >= 3:
        return ("wide strip", "long band")
    if aspect <= 1 / 3:
        return ("tall strip", "narrow column")
    if aspect >= 1.9:
        return ("panorama", "wide scene", "wide frame")
    return ("scene", "picture", "image", "frame", "composition")


def _palette_phrase(analysis: Analysis, colours: list[Swatch], choose: _Chooser) -> str:
    names = [c.name for c in colours]
    if len(names) == 1:
        return choose.pick("one", ("washed in {}", "steeped in {}", "in shades of {}",
                                   "filled with {}")).format(names[0])
    if len(names) == 3:
        return choose.pick("three", ("in tones of {}, {} and {}", "washed in {}, {} and {}",
                                     "painted in {}, {} and {}")).format(*names)
    if analysis.contrast >= 0.5:
        options = ("split between {} and {}", "in {} set against {}", "of {} against {}")
    elif colours[0].share >= 0.6:
        options = ("dominated by {}, with touches of {}", "of mostly {}, with a little {}")
    else:
        options = ("washed in {} and {}", "in tones of {} and {}", "where {} meets {}")
    return choose.pick("two", options).format(*names)


def _layout(analysis: Analysis, named: list[str], choose: _Chooser) -> tuple[str, bool]:
    """The most telling fact about the layout, and whether it is a clause (else a noun phrase)."""
    layout = analysis.composition
    sky = None if layout.sky_top is None else (
        "a sky-like upper band" if layout.sky_top in named else
        f"a sky-like band of {layout.sky_top}")
    if layout.horizon is not None:
        edge = choose.pick("edge", ("sharp", "crisp", "clean") if layout.horizon_sharp
                           else ("soft", "gentle", "hazy"))
        line = "horizon" if sky else choose.pick("line", ("horizontal divide",
                                                          "horizontal break"))
        where = ("high in the frame" if layout.horizon <= 0.42 else
                 "low in the frame" if layout.horizon >= 0.58 else "across the middle")
        return f"{sky + ' above ' if sky else ''}a {edge} {line} {where}", False
    if sky:
        return f"under {sky}", True
    if layout.fade and _is_gradient(analysis):
        return _fade_phrase(layout.fade), True
    if layout.points_of_light:
        return choose.pick("points", ("pricked by small points of light",
                                      "broken by a few points of light")), True
    if layout.centre:
        return {"bright": "a bright mass held at the centre",
                "dark": "a dark mass held at the centre",
                "coloured": "a distinct patch of colour at the centre"}[layout.centre], False
    if layout.brightest:
        place = _PLACES[layout.brightest]
        return choose.pick("place", ("the light gathering toward {}", "brightest toward {}",
                                     "its lightest patch in {}")).format(place), True
    if layout.symmetry >= 0.8:
        return "balanced almost symmetrically from left to right", True
    if layout.light_from:
        end = "top" if layout.light_from == "above" else "bottom"
        return f"growing lighter toward the {end}", True
    return "", True


def _surface(analysis: Analysis, choose: _Chooser) -> str:
    if analysis.texture >= 0.6:
        options = ("Busy and finely textured", "Dense with fine detail")
    elif analysis.texture >= 0.35:
        options = ("Lightly textured", "Gently grainy")
    elif analysis.edges >= 0.02 and analysis.flat_area >= 0.6:
        options = ("Hard-edged and flat", "Clean-edged, in flat colour")
    elif analysis.texture >= 0.12:
        options = ("Mostly smooth", "Softly grained")
    else:
        options = ("Smooth and even", "Smooth and unbroken")
    surface = choose.pick("texture", options)
    if analysis.contrast >= 0.45:
        return f"{surface}, high in contrast"
    if analysis.contrast <= 0.08:
        return f"{surface}, low in contrast"
    return surface
