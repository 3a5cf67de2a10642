"""Korean words of a text as the matching engines see them (dream retrieval and emotions,
moderation), by Kiwi.

Korean glues particles and endings onto its words (이가 빠지는 꿈을 꿨어요), so a text is split
into morphemes by Kiwi, a morphological analyser, and each content morpheme becomes a token
whose term is its dictionary form: nouns as they are (이, 바다), verb and adjective stems with
-다 (빠지다, 날다, 무섭다). Honorific and tense endings fall away with the rest (돌아가셨어요 →
돌아가시다, see _HONORIFIC), and a token knows whether it was negated (안 무서웠다, 무섭지
않았다).

Kiwi takes about a second and a half and some 400 MB to load its model: it is loaded once per
process, on the first Korean text, never for an English-only workload.
"""

from __future__ import annotations

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
