from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.safety import CATEGORIES, safety_check
from core.safety.lexicon import lexicon_load

DATA = Path(__file__).resolve().parents[1] / "stories" / "data"

UNSAFE = [
    ("violence", "a story about killing people with a knife"),
    ("violence", "stabbing the teacher"),
    ("violence", "a bloody war with guns"),
    ("violence", "kiling the bad guys"),  # misspelt
    ("violence", "a k1ll3r clown"),  # digits for letters
    ("sexual", "sex"),
    ("sexual", "seks in the bedroom"),
    ("sexual", "a lady with no clothes on"),  # "no" does not excuse it
    ("drugs", "drugs and alcohol party"),
    ("drugs", "a bunny who sells drugz"),
    ("drugs", "a pony who smokes"),
    ("self-harm", "i want to die"),
    ("self-harm", "a boy who cuts himself"),
    ("self-harm", "suiside"),
    ("abuse", "a stranger kidnaps a little girl"),
    ("abuse", "kidnaping a baby"),
    ("abuse", "a boy who kicks his dog"),
    ("hate", "i hate jews"),
    ("hate", "immigrants are dirty"),
    ("hate", "a rasist joke"),
    ("gore", "blood and guts everywhere"),
    ("gore", "cutting off his head"),
    ("gore", "a corpse in the closet"),
]

INNOCENT = [
    "a shot at goal", "a pillow fight", "the wolf and the three little pigs",
    "the day our goldfish died", "a dragon who breathes fire on the birthday candles",
    "a killer whale who loves to sing", "a murder of crows on the fence",
    "pulling weeds in the garden", "beating dad at chess", "a heroine who saves the town",
    "a shooting star", "a wedding in the forest", "a snail named Shelly",
]


@pytest.mark.parametrize("category, text", UNSAFE)
def test_unsafe_themes_are_refused_in_their_category(category, text):
    verdict = safety_check(text)
    assert not verdict.allowed
    assert category in verdict.categories, verdict


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_senses_of_scary_words_are_allowed(text):
    verdict = safety_check(text)
    assert verdict.allowed, verdict


def test_one_hint_passes_and_two_together_do_not():
    assert safety_check("a chef with a big knife").allowed
    assert safety_check("my grandpa told me about the war").allowed
    refused = safety_check("a war with knives")
    assert refused.categories == ["violence"] and refused.matched == ["knife", "war"]
    assert not safety_check("hitting my brother with a bat").allowed


def test_negation_excuses_a_phrase_only_in_its_own_clause():
    assert safety_check("a cowboy story with no guns").allowed
    assert safety_check("a story about not hitting your friends").allowed
    assert not safety_check("no cake, but a gun").allowed


def test_an_innocent_sense_in_the_theme_carries_over_to_the_book():
    theme = "a bath bomb that makes the water purple"
    assert not safety_check("Clover and the Bomb").allowed
    assert safety_check("Clover and the Bomb", context=theme).allowed
    assert not safety_check("Clover and the Gun", context=theme).allowed


def test_every_category_has_entries_and_the_labelled_sets_cover_them():
    lexicon = lexicon_load()
    assert {entry.category for entry in lexicon.entries} == {*CATEGORIES, "safe"}
    for name, least in [("safety_themes.json", 150), ("safety_themes_seen.json", 40),
                        ("safety_themes_heldout2.json", 80),
                        ("safety_themes_heldout3.json", 150)]:
        themes = json.loads((DATA / name).read_text(encoding="utf-8"))["themes"]
        assert len(themes) >= least
        assert {row["category"] for row in themes if row["label"] == "unsafe"} == set(CATEGORIES)
        assert sum(row["label"] == "safe" for row in themes) >= least // 3


@pytest.mark.parametrize("text", ["pornografy", "pronography", "pornograffy"])
def test_long_words_are_read_through_two_slips_or_their_sound(text):
    assert "sexual" in safety_check(text).categories


@pytest.mark.parametrize("text", ["a gum", "a blond bunny", "a pistil in a flower"])
def test_short_and_real_words_are_not_read_as_misspellings(text):
    assert safety_check(text).allowed


def test_two_slips_are_allowed_only_from_eight_letters():
    from core.safety.spelling import distance, edits_allowed
    from core.safety.words import sounds

    assert [edits_allowed(word) for word in ("gun", "murdr", "pornografy")] == [0, 1, 2]
    assert distance("pronography", "pornography", 2) == 1  # a swap is one slip
    assert distance("kitten", "killer", 2) == 3  # gave up past the limit
    assert sounds("pornography") == sounds("pornografy")


def test_sports_shots_are_innocent_but_shooting_people_is_not():
    assert safety_check("a soccer player who shoots and scores").allowed
    assert safety_check("a hockey team that shoots at the net").allowed
    assert not safety_check("a boy who shoots his team mates").allowed


def test_a_war_long_ago_or_in_a_history_lesson_is_remembered_not_refused():
    assert safety_check("my grandpa fought in a war long ago").allowed
    assert safety_check("a war in history class").allowed
    assert not safety_check("a bloody war with guns").allowed


def test_a_body_without_its_head_is_gore_a_headless_horseman_is_a_legend():
    assert "gore" in safety_check("a headless body in the woods").categories
    assert "gore" in safety_check("a severed hand").categories
    assert safety_check("the headless horseman").allowed


# Generalisation: spellings, phrasings and senses the labelled sets do not hold word for word -----

@pytest.mark.parametrize("category, text", [
    ("violence", "m u r d e r the whole town"),  # letters typed apart
    ("violence", "k.i.l.l the bully"),
    ("sexual", "seeeeex"),  # held letters
    ("sexual", "s*x in the car"),  # a star for the vowel
    ("sexual", "prn"),  # no vowels at all
    ("sexual", "a s3xy elf"),  # leet reaches exact-spelling keys too
    ("self-harm", "how to kill my self"),  # "my self" is "myself"
    ("violence", "stabbin the bad guys"),  # a dropped g
    ("self-harm", "a fox who doesnt want to live"),  # no apostrophe, still "does not"
])
def test_spellings_that_hide_a_word_are_read_through(category, text):
    assert category in safety_check(text).categories


@pytest.mark.parametrize("text", ["a b c song for the bunny", "pls read me a story", "brb"])
def test_spaced_letters_and_vowel_less_words_do_not_invent_matches(text):
    assert safety_check(text).allowed


@pytest.mark.parametrize("category, text", [
    ("violence", "a pirate who slits the captain's throat"),
    ("violence", "a school shooter"),
    ("violence", "smashing the neighbour with a crowbar"),
    ("sexual", "a fairy in lingerie"),
    ("drugs", "a monkey who gets hammered on rum"),
    ("drugs", "a penguin who is addicted to pills"),
    ("self-harm", "sewer slide"),
    ("self-harm", "a tiger who wants to end his life"),
    ("abuse", "a witch who lures kids into her house"),
    ("abuse", "a man who grooms children"),
    ("hate", "gay people are gross"),
    ("hate", "refugees should be deported"),
    ("gore", "a zombie who gouges out eyeballs"),
])
def test_phrases_are_read_by_meaning_verb_and_object_together(category, text):
    assert category in safety_check(text).categories


@pytest.mark.parametrize("text", [
    "kill the lights", "this cake is killer", "shoot for the stars", "a knight's sword",
    "pirates", "a scary ghost", "getting a shot at the doctor", "a hockey player's slap shot",
    "slicing carrots with a sharp knife", "a photographer who shoots photos of owls",
    "an explosion of confetti", "a shark in the sea", "a volcano that explodes",
    "the queen captures the king", "i'm dying to go to the beach",
])
def test_innocent_senses_are_told_apart_by_their_context(text):
    assert safety_check(text).allowed, safety_check(text)


def test_a_safe_phrase_that_starts_with_a_group_is_a_phrase_not_a_group_definition():
    safe = {entry.text for entry in lexicon_load().entries if entry.category == "safe"}
    assert "@sport … shoot" in safe
    assert safety_check("a striker who shoots from far away").allowed


def test_a_tripled_letter_is_not_undone_as_a_doubling():
    assert "hate" in safety_check("kkk").categories
    assert safety_check("a king and his crown").allowed


# Korean: stems at the start of an eojeol, whatever particle or ending follows ----------------

@pytest.mark.parametrize("category, text", [
    ("violence", "칼로 사람을 죽이는 이야기"),
    ("violence", "괴물이 마을 사람들을 죽였다"),  # another ending on the same stem
    ("drugs", "마약"),
    ("drugs", "마약을 하는 여우"),  # a particle on the noun
    ("self-harm", "자살"),
    ("self-harm", "죽고싶어"),  # a phrase written without its space
    ("abuse", "낯선 사람이 아이를 납치했어요"),
    ("hate", "난민은 다 쓰레기야"),
    ("gore", "숲속의 시체"),
])
def test_clearly_unsafe_korean_themes_are_refused(category, text):
    assert category in safety_check(text).categories


@pytest.mark.parametrize("text", [
    "유령", "해적", "용이 불을 뿜다", "무서운 유령의 집", "해적선의 대포",
    "칼국수를 좋아하는 호랑이",  # 칼 begins 칼국수 (noodles), but the stem is 칼로/칼을
    "술래잡기",  # 술 begins 술래잡기 (tag), but only 술을, 술에 취… are drinking
    "금붕어가 죽은 날",  # 죽은 (died) is not 죽이 (kill)
    "피자 먹는 날",  # 피 begins 피자
])
def test_scary_but_fine_korean_themes_pass(text):
    assert safety_check(text).allowed, safety_check(text)


def test_the_korean_set_covers_every_category_and_both_labels():
    themes = json.loads((DATA / "safety_themes_ko.json").read_text(encoding="utf-8"))["themes"]
    assert len(themes) >= 30
    assert {row["category"] for row in themes if row["label"] == "unsafe"} == set(CATEGORIES)
    assert sum(row["label"] == "safe" for row in themes) >= 15
