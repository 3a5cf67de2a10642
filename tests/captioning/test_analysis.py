from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFilter

from captioning.analysis import analyse
from captioning.colours import hsv_hue, name_colours, srgb_to_lab
from captioning.mood import mood_of
from tests.captioning import pictures


def test_srgb_to_lab_matches_reference_values():
    lab = srgb_to_lab(np.array([[255, 255, 255], [0, 0, 0], [255, 0, 0], [0, 0, 255]],
                               dtype=np.uint8))
    expected = [[100, 0, 0], [0, 0, 0], [53.24, 80.09, 67.20], [32.30, 79.19, -107.86]]
    assert np.allclose(lab, expected, atol=0.05)


@pytest.mark.parametrize(("rgb", "family"), [
    ((255, 0, 0), "red"), ((255, 165, 0), "orange"), ((255, 255, 0), "yellow"),
    ((0, 128, 0), "green"), ((0, 128, 128), "teal"), ((0, 0, 255), "blue"),
    ((135, 206, 235), "blue"), ((20, 28, 50), "blue"), ((128, 0, 128), "purple"),
    ((255, 192, 203), "pink"), ((139, 69, 19), "brown"), ((128, 128, 128), "grey"),
    ((180, 183, 186), "grey"), ((0, 0, 0), "black"), ((255, 255, 255), "white"),
])
def test_colours_get_names_of_the_right_family(rgb, family):
    colour = name_colours(srgb_to_lab(np.array([rgb], dtype=np.uint8)))[0]
    assert colour.family == family


@pytest.mark.parametrize(("rgb", "name"), [
    ((240, 140, 40), "warm orange"), ((150, 170, 130), "sage green"),
    ((242, 240, 232), "off-white"), ((130, 190, 235), "sky blue"), ((20, 58, 150), "deep blue"),
])
def test_everyday_colours_get_their_everyday_names(rgb, name):
    assert name_colours(srgb_to_lab(np.array([rgb], dtype=np.uint8)))[0].name == name


def test_hue_is_on_the_everyday_wheel():
    assert hsv_hue((255, 0, 0)) == 0
    assert hsv_hue((255, 255, 0)) == pytest.approx(60)
    assert hsv_hue((0, 0, 255)) == pytest.approx(240)


def test_lighter_pictures_are_more_pleasant():
    dark, light = (mood_of(analyse(pictures.solid((grey,) * 3))) for grey in (50, 200))
    assert light.valence > dark.valence + 0.4


def test_saturated_pictures_are_more_arousing_than_grey_ones_of_the_same_lightness():
    vivid = analyse(pictures.solid((230, 120, 20)))
    grey = analyse(pictures.solid((150, 150, 150)))  # the grey of the same L* (about 62)
    assert abs(vivid.lightness - grey.lightness) < 0.01
    assert mood_of(vivid).arousal > mood_of(grey).arousal + 0.4
    assert mood_of(vivid).valence > mood_of(grey).valence


def test_yellower_pictures_are_happier_than_bluer_ones_of_equal_lightness_and_chroma():
    # Two colours picked with nearly the same L* and chroma, opposite on the warm–cool axis.
    warm = analyse(pictures.solid((200, 140, 60)))
    cool = analyse(pictures.solid((0, 165, 240)))
    assert abs(warm.lightness - cool.lightness) < 0.03
    assert abs(warm.saturation - cool.saturation) < 0.1
    assert warm.warmth > 0.5 > -0.5 > cool.warmth
    assert mood_of(warm).valence > mood_of(cool).valence
    assert mood_of(warm).arousal > mood_of(cool).arousal


def test_texture_and_contrast_raise_arousal():
    smooth = analyse(pictures.solid((128, 128, 128), size=(64, 64)))
    busy = analyse(pictures.checkerboard(square=2, size=(64, 64)))
    assert busy.texture > 0.9 and smooth.texture == 0
    assert mood_of(busy).arousal > mood_of(smooth).arousal


def test_the_brightest_third_is_found():
    image = pictures.solid((40, 40, 40), size=(90, 90))
    image.paste((250, 250, 250), (60, 0, 90, 30))
    assert analyse(image).composition.brightest == "upper right"


def test_a_bright_centre_on_an_even_ground_is_found():
    image = pictures.solid((30, 60, 40), size=(90, 90))
    image.paste((240, 230, 200), (32, 32, 58, 58))
    layout = analyse(image).composition
    assert layout.centre == "bright"
    assert layout.symmetry > 0.9


def test_no_horizon_is_invented_in_a_smooth_gradient_or_a_checkerboard():
    for image in (pictures.pastel_sky(), pictures.checkerboard(), pictures.grey_gradient()):
        assert analyse(image).composition.horizon is None


def test_a_soft_horizon_is_told_from_a_sharp_one():
    sharp = analyse(pictures.landscape()).composition
    soft = analyse(pictures.landscape().filter(ImageFilter.GaussianBlur(6))).composition
    assert sharp.horizon_sharp and sharp.sky_top is not None
    assert soft.horizon is not None and not soft.horizon_sharp


def test_stars_on_a_night_are_points_of_light_but_a_lit_window_is_not():
    assert analyse(pictures.night()).composition.points_of_light
    window = pictures.solid((10, 12, 20), size=(100, 100))
    window.paste((240, 220, 150), (40, 40, 70, 70))
    assert not analyse(window).composition.points_of_light
    assert not analyse(pictures.solid((0, 0, 0))).composition.points_of_light
