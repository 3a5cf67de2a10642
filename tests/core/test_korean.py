from __future__ import annotations

import pytest

from core.korean import attach, final_consonant, is_korean, josa


@pytest.mark.parametrize("word, particle, expected", [
    ("하늘", "이/가", "이"), ("나비", "이/가", "가"), ("도윤", "은/는", "은"),
    ("토리", "은/는", "는"), ("숲", "을/를", "을"), ("바다", "을/를", "를"),
    ("곰", "과/와", "과"), ("토끼", "과/와", "와"), ("하늘", "아/야", "아"),
    ("미르", "아/야", "야"), ("도윤", "이에요/예요", "이에요"), ("나비", "이에요/예요", "예요"),
    ("하늘", "이라는/라는", "이라는"), ("토리", "이라는/라는", "라는"),
    # 으로/로: a final ㄹ goes with the vowels.
    ("숲", "으로/로", "으로"), ("바다", "으로/로", "로"), ("연필", "으로/로", "로"),
    # Either half of a pair names it.
    ("하늘", "가", "이"), ("나비", "은", "는"), ("숲", "를", "을"), ("곰", "와", "과"),
])
def test_particles_agree_with_the_final_consonant(word, particle, expected):
    assert josa(word, particle) == expected


def test_digits_and_latin_letters_are_read_aloud_for_the_particle():
    assert attach("3", "이/가") == "3이"  # 삼
    assert attach("2", "이/가") == "2가"  # 이
    assert attach("1", "으로/로") == "1로"  # 일: a final ㄹ
    assert attach("CD", "을/를") == "CD를"  # 디
    assert attach("Sam", "은/는") == "Sam은"  # 샘
    assert attach("공룡 친구", "과/와") == "공룡 친구와"  # the last syllable decides


def test_final_consonant_reads_the_last_syllable_past_punctuation():
    assert final_consonant("하늘!") == 8  # ㄹ
    assert final_consonant("나비.") == 0
    assert final_consonant("...") is None


def test_korean_text_is_told_by_its_share_of_hangul():
    assert is_korean("바닷가의 빨간 풍선")
    assert is_korean("a 공룡 친구 story") is True
    assert not is_korean("a lost balloon at the beach")
    assert not is_korean("")
