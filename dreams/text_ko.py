"""Korean dictionary aliases and synonyms for dream retrieval and emotions.

A dream's Korean words are analysed by core.text.korean; the aliases of the Korean dictionary
go through the same analysis, so an alias is written in dictionary form and any inflection of
it is found. Synonyms stand for one another as one concept.
"""

from __future__ import annotations

import functools

from core.text.english import Token
from core.text.korean import HANGUL, STOPWORDS, tokenize_ko

SYNONYMS = (
    ("이", "이빨", "치아"), ("어머니", "엄마", "어머님", "모친", "어미"),
    ("아버지", "아빠", "아버님", "부친"), ("할머니", "할매", "외할머니", "친할머니"),
    ("할아버지", "외할아버지", "친할아버지"), ("아이", "애", "어린이", "꼬마"),
    ("집", "우리집"), ("자동차", "차", "승용차"), ("비행기", "항공기"),
    ("휴대폰", "핸드폰", "휴대전화", "폰", "스마트폰"), ("경찰", "경찰관"),
    ("감옥", "교도소"), ("화장실", "변소"), ("사진", "포토"), ("돈", "현금"),
    ("남자친구", "남친"), ("여자친구", "여친"), ("선생님", "선생", "쌤"),
    ("바다", "바닷물"), ("무섭다", "두렵다"), ("크다", "거대하다"), ("고양이", "냥이"),
    ("강아지", "댕댕이"), ("쫓기다", "쫓겨다니다"),
)


def alias_tokens_ko(alias: str) -> list[Token]:
    """The tokens of a dictionary alias. Aliases are written in dictionary form, so a single
    word that does not end in -다 is a noun, whatever Kiwi makes of it out of context (가면
    alone reads as 가- + -면, 별 alone as a determiner)."""
    tokens = tokenize_ko(alias)
    word = alias.strip()
    if " " in word or word.endswith("다") or not HANGUL.search(word):
        return tokens
    content = [t for t in tokens if not t.stop]
    if content and not any(t.term.endswith("다") for t in content):
        return tokens
    return [Token(surface=word, term=word, position=0, stop=word in STOPWORDS, start=0,
                  end=len(word))]


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    concepts: dict[str, str] = {}
    for group in SYNONYMS:
        head = lemma(group[0])
        for word in group:
            concepts[lemma(word)] = head
    return concepts


def concept_of_ko(term: str) -> str:
    return _concepts().get(term, term)


@functools.lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The term of a one-word text ("빠졌다" → "빠지다"); the word itself when it has none."""
    content = [t for t in alias_tokens_ko(word) if not t.stop]
    # A word Kiwi splits in two (멍멍이 → 멍멍 + 이) stands for itself, not for its last part.
    return content[0].term if len(content) == 1 else word
