"""Korean words of a dream as the retrieval and emotion engines see them, by Kiwi.

Korean glues particles and endings onto its words (이가 빠지는 꿈을 꿨어요), so a dream is split
into morphemes by Kiwi, a morphological analyser, and each content morpheme becomes a token
whose term is its dictionary form: nouns as they are (이, 바다), verb and adjective stems with
-다 (빠지다, 날다, 무섭다). Honorific and tense endings fall away with the rest (돌아가셨어요 →
돌아가시다, see _HONORIFIC), and a token knows whether it was negated (안 무서웠다, 무섭지
않았다). The aliases of the Korean dictionary go through the same analysis, so an alias is
written in dictionary form and any inflection of it is found.

Kiwi takes about a second and a half and some 400 MB to load its model: it is loaded once per
process, on the first Korean text, never for an English-only workload.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from core.text.english import Token

HANGUL = re.compile(r"[\uac00-\ud7a3]")
_EOJEOL = re.compile(r"[^\s.,!?;:…\"“”'‘’()]+")  # a spaced word, without its punctuation

_NOUN = {"NNG", "NNP"}
_PREDICATE = {"VV", "VA"}
# Kept as stop tokens: they hold a phrase's place ("것", "나") without weighing anything.
_STOP_TAGS = {"NNB", "NP", "NR", "VX", "VCN", "MAG", "MM"}
_PLURAL = "들"  # 사람들: kept (as a stop token) so that an alias can ask for the plural
STOPWORDS = frozenset("""
꿈 꾸다 것 거 수 때 중 등 나 저 내 제 우리 저희 하다 되다 있다 없다 같다 이렇다 그렇다
좀 정말 진짜 너무 되게 막 그냥 계속 다시 갑자기 그리고 그런데 그래서 아주 매우 넘
""".split())
# Misspellings common enough in typed dreams that the analyser would split them wrongly. Each
# is one syllable for one, so the text's character offsets stay as written.
_SPELLING = str.maketrans({"쫒": "쫓", "꿧": "꿨"})
# Verbs whose honorific form says something else than the plain one: 돌아가다 is to go back,
# 돌아가시다 to die (of an elder).
_HONORIFIC = {"돌아가": "돌아가시다"}
_NEGATORS = {"안", "못"}
_NEGATING_AUX = {"않", "못하", "말"}

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

_lock = threading.Lock()
_loaded: Any = None


def kiwi() -> Any:
    """The process's one Kiwi analyser, loaded on first use."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                from kiwipiepy import Kiwi

                _loaded = Kiwi()
    return _loaded


def is_korean(text: str) -> bool:
    return HANGUL.search(text) is not None


def tokenize_ko(text: str) -> list[Token]:
    morphs = kiwi().tokenize(text.translate(_SPELLING))
    words = [(m.start(), m.end()) for m in _EOJEOL.finditer(text)]
    tokens: list[Token] = []
    sentence = 0
    for index, morph in enumerate(morphs):
        tag = morph.tag.split("-")[0]  # "VA-I": an irregular stem is a stem all the same
        if tag == "SF":
            sentence += 1 if tokens else 0
            continue
        term = _term(morphs, index, tag)
        if term is None:
            continue
        start, end = _eojeol(words, morph.start)
        tokens.append(Token(surface=text[start:end], term=term, position=len(tokens),
                            stop=tag in _STOP_TAGS or tag == "XSN" or term in STOPWORDS,
                            start=start, end=end,
                            sentence=sentence, negated=_negated(morphs, index)))
    return tokens


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


def _term(morphs: list[Any], index: int, tag: str) -> str | None:
    form = morphs[index].form
    if tag in _NOUN or tag in {"XR", "SH"}:
        return form
    if tag == "SL":
        return form.lower()
    if tag in _PREDICATE:
        following = morphs[index + 1] if index + 1 < len(morphs) else None
        if form in _HONORIFIC and following is not None and following.form in {"시", "으시"}:
            return _HONORIFIC[form]
        return f"{form}다"
    if tag in _STOP_TAGS or (tag == "XSN" and form == _PLURAL):
        return f"{form}다" if tag in {"VX", "VCN"} else form
    return None


def _negated(morphs: list[Any], index: int) -> bool:
    """안/못 just before the word, or -지 않다/못하다/말다 (or 아니다) just after it."""
    if index and morphs[index - 1].tag == "MAG" and morphs[index - 1].form in _NEGATORS:
        return True
    after = morphs[index + 1:index + 4]
    for number, morph in enumerate(after):
        if morph.tag == "VCN":
            return True
        if morph.tag.startswith("VX") and morph.form in _NEGATING_AUX:
            return any(m.form == "지" for m in after[:number])
        if morph.tag[0] in "NV" and number:
            break
    return False


def _eojeol(words: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    # A morpheme is shown as the whole spaced word it is part of ("빠지는", not "빠지").
    for start, end in words:
        if start <= offset < end:
            return start, end
    return offset, offset


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
