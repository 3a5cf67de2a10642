"""Proposing the emotions of a dream from its words, in the Hall–Van de Castle classes.

A small lexicon per class, matched on normalised words (core.text.english); a word right
after a negation ("not afraid", "never scared") does not count. The dreamer's own tags always
win: these are proposals shown next to the tagging boxes. A Korean dream is read the same way
with Korean words in dictionary form (core.text.korean), a negated one (안 무서웠다, 무섭지
않았다) not counting.
"""

from __future__ import annotations

import functools
from collections import Counter

from core.text.english import term_of, tokenize
from core.text.korean import tokenize_ko
from dreams.models import Emotion
from dreams.text_ko import lemma

_LEXICON = {
    Emotion.ANGER: """angry anger furious fury rage raging mad annoyed annoying irritated
        frustrated frustrating resentful outraged livid cross hate hated hating yelled
        shouted bitter jealous envious""",
    Emotion.APPREHENSION: """afraid scared fear feared fearful frightened frightening terrified
        terrifying terror anxious anxiety nervous panic panicked panicking worried worry dread
        dreading horror horrified uneasy alarmed creepy eerie threatened helpless nightmare
        trembling shaking chased hunted trapped danger dangerous""",
    Emotion.SADNESS: """sad sadness unhappy cry cried crying tears tearful weeping wept sobbing
        grief grieving mourning heartbroken lonely loneliness alone miss missed missing
        depressed gloomy sorrow regret hopeless disappointed ashamed guilty empty""",
    Emotion.CONFUSION: """confused confusing confusion puzzled bewildered strange strangely
        weird odd bizarre unsure uncertain lost disoriented baffled surreal unreal mysterious
        wondering nonsense""",
    Emotion.HAPPINESS: """happy happiness joy joyful delighted delight glad excited excitement
        thrilled laughing laughed laugh smiling smiled peaceful peace calm relieved relief
        free freedom wonderful beautiful love loved loving content elated amazing safe warm
        grateful proud""",
}
_NEGATIONS = {"not", "never", "no", "without", "nor"}

_LEXICON_KO = {
    Emotion.ANGER: """화나다 화 분노 짜증 짜증나다 열받다 억울하다 밉다 미워하다 원망 분하다
        약오르다 욱하다 격분하다 질투 질투하다 고함치다 성질""",
    Emotion.APPREHENSION: """무섭다 두렵다 겁 겁나다 겁먹다 공포 불안 초조하다 긴장 떨리다
        소름 오싹하다 섬뜩하다 끔찍하다 걱정 걱정되다 악몽 위험하다 쫓기다 갇히다 숨막히다
        무서움 두려움 식은땀 공황 조마조마하다 다급하다""",
    Emotion.SADNESS: """슬프다 슬픔 울다 눈물 서럽다 서운하다 외롭다 외로움 쓸쓸하다 그립다
        그리움 우울하다 허전하다 후회 절망 실망하다 허무하다 비참하다 속상하다 미안하다""",
    Emotion.CONFUSION: """혼란 혼란스럽다 헷갈리다 이상하다 기이하다 당황하다 어리둥절하다
        멍하다 낯설다 황당하다 기묘하다 묘하다 알쏭달쏭하다 뒤죽박죽""",
    Emotion.HAPPINESS: """기쁘다 기쁨 행복 즐겁다 신나다 설레다 좋다 웃다 웃음 평화롭다 평화
        편안하다 편하다 안심 따뜻하다 포근하다 자유롭다 아름답다 사랑 사랑하다 뿌듯하다
        감사하다 황홀하다 상쾌하다 홀가분하다 반갑다 벅차다""",
}

TERMS: dict[str, set[str]] = {
    emotion.value: {term_of(word) for word in words.split()}
    for emotion, words in _LEXICON.items()
}


@functools.cache
def _terms_ko() -> dict[str, set[str]]:
    return {emotion.value: {lemma(word) for word in words.split()}
            for emotion, words in _LEXICON_KO.items()}


def emotions_propose(text: str, *, limit: int = 3, language: str = "en") -> list[str]:
    """The emotion classes the text speaks of, most mentioned first."""
    counts: Counter[str] = Counter()
    if language == "ko":
        lexicon = _terms_ko()
        for token in tokenize_ko(text):
            counts.update(e for e, terms in lexicon.items()
                          if token.term in terms and not token.negated)
        return _ranked(counts, limit)
    tokens = tokenize(text)
    for index, token in enumerate(tokens):
        before = {t.term for t in tokens[max(0, index - 2):index]}
        if before & _NEGATIONS:
            continue
        for emotion, terms in TERMS.items():
            if token.term in terms:
                counts[emotion] += 1
    return _ranked(counts, limit)


def _ranked(counts: Counter[str], limit: int) -> list[str]:
    order = [e.value for e in Emotion]
    ranked = sorted(counts, key=lambda e: (-counts[e], order.index(e)))
    return ranked[:limit]
