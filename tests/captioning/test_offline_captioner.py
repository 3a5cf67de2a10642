from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from PIL import Image

from captioning.backends.base import Captioner, CaptionResult
from captioning.backends.offline import OfflineCaptioner
from core.backends import backend
from music.composer.prompts import MAJOR_LIKE, MusicPrompt, prompt_for_mood
from tests.captioning import pictures

SCENES = ("sunny_beach", "night", "fog", "forest", "red_graphic", "pastel_sky", "landscape",
          "checkerboard", "grey_gradient")


@pytest.fixture(scope="module")
def results() -> dict[str, CaptionResult]:
    captioner = OfflineCaptioner()
    made = {name: captioner.caption(getattr(pictures, name)()) for name in SCENES}
    made["black"] = captioner.caption(pictures.solid((0, 0, 0)))
    made["white"] = captioner.caption(pictures.solid((255, 255, 255)))
    return made


def _families(result: CaptionResult) -> list[str]:
    return [swatch["family"] for swatch in result.features["palette"]]


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


@pytest.mark.parametrize(("scene", "dominant"), [
    ("sunny_beach", {"yellow", "orange"}), ("night", {"blue"}), ("fog", {"grey"}),
    ("forest", {"green"}), ("red_graphic", {"red"}), ("pastel_sky", {"blue", "pink"}),
    ("black", {"black"}), ("white", {"white"}),
])
def test_the_dominant_colour_has_the_right_family(results, scene, dominant):
    assert _families(results[scene])[0] in dominant


def test_palettes_find_the_minor_colours_too(results):
    assert {"black", "white"} <= set(_families(results["red_graphic"]))
    assert {"blue", "pink"} <= set(_families(results["pastel_sky"]))
    assert {"blue", "green"} <= set(_families(results["landscape"]))
    assert {"black", "white"} <= set(_families(results["checkerboard"])[:2])


def test_palette_shares_are_fractions_that_add_up(results):
    for result in results.values():
        shares = [swatch["share"] for swatch in result.features["palette"]]
        assert shares == sorted(shares, reverse=True)
        assert 0.85 <= sum(shares) <= 1.001
        assert all(re.fullmatch(r"#[0-9a-f]{6}", s["hex"]) for s in result.features["palette"])


def test_the_sunny_picture_is_happier_and_livelier_than_the_night(results):
    sunny, night = results["sunny_beach"].mood, results["night"].mood
    assert sunny.valence > night.valence + 0.8
    assert sunny.arousal > night.arousal + 0.3
    assert sunny.valence > 0.3 and night.valence < -0.3


def test_every_mood_stays_in_range(results):
    for result in results.values():
        assert -1 <= result.mood.valence <= 1
        assert -1 <= result.mood.arousal <= 1


def test_a_grey_picture_has_no_hue_and_little_saturation(results):
    for scene in ("fog", "checkerboard", "black", "white", "grey_gradient"):
        assert results[scene].features["hue"] is None
    assert results["fog"].features["saturation"] < 0.05
    assert abs(results["fog"].features["warmth"]) < 0.1


def test_hue_and_warmth_follow_the_colour(results):
    sunny, night = results["sunny_beach"].features, results["night"].features
    assert 20 <= sunny["hue"] <= 60  # orange to yellow on the everyday wheel
    assert 200 <= night["hue"] <= 260
    assert sunny["warmth"] > 0.6 and night["warmth"] < -0.2
    assert results["red_graphic"].features["hue"] % 360 < 15 or (
        results["red_graphic"].features["hue"] > 345)


def test_light_and_contrast_are_measured(results):
    assert results["white"].features["lightness"] > 0.99
    assert results["black"].features["lightness"] < 0.01
    assert results["sunny_beach"].features["lightness"] > results["night"].features["lightness"]
    assert results["checkerboard"].features["contrast"] > 0.7
    assert results["fog"].features["contrast"] < 0.2


def test_a_checkerboard_is_more_textured_than_a_smooth_gradient(results):
    checker, gradient = results["checkerboard"].features, results["grey_gradient"].features
    assert checker["texture"] > 0.8 > 0.1 > gradient["texture"]
    assert results["forest"].features["texture"] > results["pastel_sky"].features["texture"]


def test_the_caption_names_the_dominant_colour_in_one_or_two_sentences(results):
    for result in results.values():
        dominant = result.features["palette"][0]["name"]
        assert dominant in result.text
        assert 1 <= len(_sentences(result.text)) <= 2
        assert result.text[0].isupper() and result.text.endswith(".")
        assert not re.search(r"\d", result.text)


def test_different_pictures_get_different_captions(results):
    texts = [result.text for result in results.values()]
    assert len(set(texts)) == len(texts)


def test_the_caption_describes_layout_it_measured(results):
    landscape = results["landscape"]
    assert 0.55 <= landscape.features["composition"]["horizon"] <= 0.65
    assert "horizon low in the frame" in landscape.text
    assert results["pastel_sky"].features["composition"]["horizon"] is None
    assert "fading from" in results["pastel_sky"].text
    assert "horizon" not in results["checkerboard"].text
    assert "points of light" in results["night"].text


def test_the_music_prompt_is_the_one_for_the_reported_mood(results):
    for result in results.values():
        parsed = MusicPrompt.parse(result.music_prompt)
        features = result.features
        expected = prompt_for_mood(valence=result.mood.valence, arousal=result.mood.arousal,
                                   hue=features["hue"], warmth=features["warmth"],
                                   texture=features["texture"])
        assert (parsed.tempo_bpm, parsed.tonic, parsed.mode) == (
            expected.tempo_bpm, expected.tonic, expected.mode)
        assert set(parsed.instruments) == set(expected.instruments)


def test_sunny_music_is_faster_and_major_night_music_slower_and_minor(results):
    sunny = MusicPrompt.parse(results["sunny_beach"].music_prompt)
    night = MusicPrompt.parse(results["night"].music_prompt)
    assert sunny.tempo_bpm > night.tempo_bpm + 15
    assert sunny.mode in MAJOR_LIKE
    assert night.mode not in MAJOR_LIKE


def test_tags_are_a_handful_of_lowercase_words(results):
    for result in results.values():
        assert 3 <= len(result.tags) <= 8
        assert all(tag == tag.lower() and tag.strip() for tag in result.tags)
        assert len(set(result.tags)) == len(result.tags)
        assert result.features["palette"][0]["name"] in result.tags
    assert "dark" in results["night"].tags and "bright" not in results["night"].tags
    assert "bright" in results["white"].tags
    assert {"high contrast", "textured"} <= set(results["checkerboard"].tags)
    assert "warm" in results["sunny_beach"].tags and "cool" in results["night"].tags


def test_the_same_picture_always_gives_the_same_result():
    image = pictures.landscape()
    first = OfflineCaptioner().caption(image)
    again = OfflineCaptioner().caption(image.copy())
    assert first == again
    assert json.dumps(first.features, sort_keys=True) == json.dumps(again.features,
                                                                    sort_keys=True)


def test_features_survive_a_json_round_trip_and_rebuild_the_prompt(results):
    for result in results.values():
        stored = json.loads(json.dumps(result.features))
        assert stored == result.features
        assert stored["hue"] is None or 0 <= stored["hue"] < 360
        assert -1 <= stored["warmth"] <= 1 and 0 <= stored["texture"] <= 1
        calmer = prompt_for_mood(valence=0.5, arousal=-0.8, hue=stored["hue"],
                                 warmth=stored["warmth"], texture=stored["texture"])
        assert calmer.tempo_bpm < 80


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (3, 1), (4000, 10), (10, 4000), (17, 2048)])
def test_tiny_and_extreme_pictures_are_captioned(size):
    result = OfflineCaptioner().caption(pictures.photo(size))
    assert result.text and result.music_prompt and result.tags
    assert result.features["palette"][0]["name"] in result.text
    assert result.features["size"] == list(size)
    assert -1 <= result.mood.valence <= 1 and -1 <= result.mood.arousal <= 1
    MusicPrompt.parse(result.music_prompt)


def test_a_sliver_keeps_its_layout():
    result = OfflineCaptioner().caption(pictures.photo((4000, 40)))
    assert {"blue", "green"} <= set(_families(result))


def test_rgba_flattened_pictures_are_fine():
    # Half-transparent blue, flattened as the pipeline does it: over white (by hand, 30·½ +
    # 255·½ …), so the captioner sees a light blue, not the opaque colour under the veil.
    from uploads.validation import flatten_alpha

    flattened = flatten_alpha(Image.new("RGBA", (40, 30), (30, 90, 200, 128)))
    assert flattened.mode == "RGB" and flattened.getpixel((0, 0)) == (142, 172, 227)
    seen = OfflineCaptioner().caption(flattened)
    assert _families(seen)[0] == "blue"
    assert seen == OfflineCaptioner().caption(Image.new("RGB", (40, 30), (142, 172, 227)))


@override_settings(AI_BACKENDS={"captioning": {
    "BACKEND": "captioning.backends.offline.OfflineCaptioner", "OPTIONS": {}}})
def test_the_backend_loader_builds_it():
    captioner = backend("captioning", Captioner)
    assert isinstance(captioner, OfflineCaptioner)
    assert captioner.provider == "offline"
