"""The offline reading and story of a Korean dream, written in Korean.

The same shape as the English engines (an overview, one reading per symbol citing its entry,
the dream's feelings, questions; a story framed by its place, its companions and its mood),
worded for Korean: particles chosen by the word they follow (바다와, 숲과), the story told in
the plain narrative style (-다) with the dreamer's own sentences brought into it by Kiwi
(꿨어요 → 꿨다, 저는 → 나는), since a polite sentence inside a plain story reads as a quote.
"""

from __future__ import annotations

import random
import re

from core.text.korean import kiwi
from dreams.backends.base import (
    DreamContext,
    InterpretationResult,
    InterpretationSection,
    StoryResult,
    SymbolEntry,
)

MAX_SENTENCES = 7

_GROUPS = {
    "character": ("사람", "꿈에 나온 사람들"), "animal": ("동물", "꿈속의 동물"),
    "setting": ("장소", "꿈이 펼쳐진 곳"), "object": ("물건", "꿈에 나타난 물건"),
    "activity": ("행동", "꿈속에서 한 일"), "interaction": ("만남", "다른 이들과 주고받은 일"),
    "striving": ("애쓴 일", "이루려 하거나 애쓴 일"), "fortune": ("일어난 일", "꿈속에서 닥친 일"),
    "descriptive": ("모습", "꿈의 모습과 감각"), "emotion": ("감정", "꿈의 감정"),
}
_OTHER_GROUP = ("그 밖의 모습", "그 밖에 꿈에 담긴 것")
_EMOTION_LINES = {
    "anger": "이 꿈에는 화가 담겨 있습니다. 화는 흔히 나에게 소중한 무언가를 지키려는 마음이니, "
             "무엇이 부당하게 느껴졌는지 물어보아도 좋겠습니다.",
    "apprehension": "꿈의 많은 부분이 불안으로 물들어 있습니다. 꿈속의 두려움은 흔한 일이며, "
                    "대개는 앞일을 알리는 징조가 아니라 마음이 미리 연습해 보는 것입니다.",
    "sadness": "꿈 전체에 슬픔이 흐릅니다. 꿈은 낮에는 미처 꺼내지 못한 그리움과 아픔에 자리를 "
               "내어 주기도 해서, 이런 꿈을 꾸고 나면 오히려 마음이 가벼워지기도 합니다.",
    "confusion": "꿈이 어리둥절한 느낌을 남깁니다. 꿈은 장소와 시간을 마음대로 뒤섞으니 당연한 "
                 "일입니다. 가장 어울리지 않던 장면이 따라가 볼 실마리일 수 있습니다.",
    "happiness": "이 꿈에는 기쁨이 있습니다. 편안하고 즐거운 꿈은 오래 음미할 만하며, 이미 "
                 "나에게 잘 맞는 것이 무엇인지 보여 주기도 합니다.",
}
_OPENERS = (
    "“{words}”라고 쓰셨지요. 해몽에서는 이것을 ‘{name}’{ro} 봅니다. {text}",
    "“{words}”: 꿈풀이 사전의 ‘{name}’에 해당합니다. {text}",
    "“{words}”에서 ‘{name}’의 모습이 보입니다. {text}",
)
_QUESTIONS = (
    "요즘 생활에서 이 꿈과 닮은 일이 있나요?",
    "꿈에서 가장 오래 마음에 남는 장면은 무엇이고, 왜 그 장면일까요?",
    "이 꿈의 한 장면이 말을 할 수 있다면, 나에게 무엇을 물어볼까요?",
    "이 꿈을 꾸고 나서 달리 해 보고 싶은 일이 있나요?",
)
_CLOSING = ("이것은 판결이 아니라 가능성일 뿐입니다. 이 꿈이 무엇을 뜻하는지는 꿈을 꾼 당신이 가장 "
            "잘 압니다. 와닿는 것은 간직하고 나머지는 흘려보내세요.")


def interpret_ko(dream: DreamContext) -> InterpretationResult:
    rng = random.Random(dream.seed)
    shown = list(dream.symbols)
    sections = [_overview(shown)]
    for group, ((_, lead), entries) in enumerate(_grouped(shown)):
        for number, entry in enumerate(entries):
            words = entry.matched[0] if entry.matched else entry.name
            text = rng.choice(_OPENERS).format(words=words, name=entry.name, text=entry.text,
                                               ro=josa(entry.name, "으로", "로"))
            if number == 0:
                text = f"{'다음은' if group else '먼저'} {lead}입니다. {text}"
            sections.append(InterpretationSection(text=text, citations=(entry.id,)))
    lines = [_EMOTION_LINES[e] for e in dream.emotions if e in _EMOTION_LINES]
    if lines:
        sections.append(InterpretationSection(text=" ".join(lines[:2])))
    sections.append(InterpretationSection(text=f"{' '.join(rng.sample(_QUESTIONS, 2))} "
                                               f"{_CLOSING}"))
    return InterpretationResult(sections=tuple(sections))


def _grouped(entries: list[SymbolEntry]) -> list[tuple[tuple[str, str], list[SymbolEntry]]]:
    groups: dict[tuple[str, str], list[SymbolEntry]] = {}
    for entry in entries:
        groups.setdefault(_GROUPS.get(entry.category, _OTHER_GROUP), []).append(entry)
    return list(groups.items())


def _overview(shown: list[SymbolEntry]) -> InterpretationSection:
    if not shown:
        return InterpretationSection(text=(
            "이 꿈에서는 꿈풀이 사전에 있는 상징이 보이지 않아, 무엇이 나왔는지보다 "
            "어떤 느낌이었는지를 중심으로 읽어 봅니다."))
    groups = _grouped(shown)
    if len(groups) == 1:
        listed = listed_ko([entry.name for entry in shown])
    else:
        listed = listed_ko([f"{label}({', '.join(e.name for e in entries)})"
                            for (label, _), entries in groups])
    return InterpretationSection(
        text=f"이 꿈에는 {listed}{josa(listed, '이', '가')} 함께 나옵니다. 저마다 흔히 무엇을 "
             "뜻하는지 살펴볼 테니, 어떤 풀이가 마음에 와닿는지 골라 보세요.",
        citations=tuple(entry.id for entry in shown))


# The story ---------------------------------------------------------------------------------

_OPENINGS = (
    "꿈은 늘 그렇듯 시작도 없이 시작되었다. 정신을 차려 보니 나는 {place}에 있었다.",
    "잠과 아침 사이 어디쯤에서, 나는 {place}에 서 있었다.",
    "꿈은 {place}에서 열렸다. 마치 오래전부터 나를 기다리고 있었던 것처럼.",
)
_NO_PLACE = "낯설면서도 어딘가 익숙한 곳"
_COMPANIONS = (
    "{who}도 그곳에 있었다. 말은 많지 않았지만, 꿈속의 존재들이 늘 그렇듯 무언가를 전하려는 것 "
    "같았다.",
    "그 모든 순간 {who}{ga} 곁에 있었다. 내가 바라든 바라지 않든 이야기의 한 부분이었다.",
)
_THINGS = (
    "{things}도 꿈의 한 조각이었다. 하나하나가 저마다 뜻을 품은 듯했다.",
    "여기저기서 {things}{ga} 눈에 들어왔다. 마치 누군가 나를 위해 놓아둔 것처럼.",
)
_ENDINGS = {
    "happiness": "꿈이 나를 놓아주었을 때에도 그 가벼움은 남아 있었다. 해가 옮겨 간 뒤에도 "
                 "방에 남은 온기처럼.",
    "apprehension": "그러다 꿈은 꿈답게 손아귀를 풀었다. 아침이 천천히 밀려들었고, 두려움은 그것이 "
                    "시작된 어둠 속에 남았다.",
    "sadness": "꿈은 조용히 흐려졌다. 은은한 아픔과 함께, 무언가가 제대로 기억되었다는 "
               "느낌을 남기고.",
    "anger": "잠에서 깨어나며 그 열기는 식어 갔다. 그것이 무엇을 지키려 했는지에 대한 "
             "물음만 남긴 채.",
    "confusion": "무엇 하나 이해되기도 전에 꿈은 스스로를 접어 버렸다. 그 수수께끼는 또 다른 밤을 "
                 "위해 남겨 둔 채.",
}
_DEFAULT_ENDING = "그리고 꿈은 끝났다. 눈을 뜨자 그 장면들은 손끝에서 천천히 멀어져 갔다."
# Places worded for "…에 있었다" where the dictionary's name is not one.
_PLACES = {
    "Water": "깊은 물가", "Ocean": "바닷가", "Bridge": "다리 위", "Sky": "하늘 높은 곳",
    "Mountain": "산속", "Forest": "숲속", "Work": "회사", "Childhood home": "어린 시절 살던 집",
    "Bed": "침대 위", "Church": "어느 절", "Castle": "궁궐", "Road": "길 위",
    "Cliff": "절벽 끝", "Corridor": "긴 복도", "Hidden room": "숨겨진 방", "Stairs": "계단",
    "Shelter": "피난처", "Space": "우주 한가운데",
}
_PLAIN = {"VV": "는다"}  # present tense, plain style, after a verb; "다" after anything else


def tell_ko(dream: DreamContext) -> StoryResult:
    rng = random.Random(dream.seed)
    place = _place(dream.symbols) or _NO_PLACE
    paragraphs = [rng.choice(_OPENINGS).format(place=place), " ".join(_retold(dream.text))]
    beings = [_noun(entry) for entry in dream.symbols
              if entry.category in {"character", "animal"}][:3]
    things = [entry.name for entry in dream.symbols if entry.category == "object"][:3]
    if beings:
        who = listed_ko(beings)
        paragraphs.append(rng.choice(_COMPANIONS).format(who=who, ga=josa(who, "이", "가")))
    if things:
        listed = listed_ko(things)
        paragraphs.append(rng.choice(_THINGS).format(things=listed, ga=josa(listed, "이", "가")))
    feeling = dream.emotions[0] if dream.emotions else ""
    paragraphs.append(_ENDINGS.get(feeling, _DEFAULT_ENDING))
    return StoryResult(title=_title(dream, rng), text="\n\n".join(p for p in paragraphs if p))


def _place(entries: tuple[SymbolEntry, ...]) -> str | None:
    for entry in entries:
        if entry.category == "setting":
            place = _PLACES.get(entry.english_name) or entry.name
            if re.fullmatch(r"[가-힣]+", place) or entry.english_name in _PLACES:
                return place
    return None


def _noun(entry: SymbolEntry) -> str:
    # The dreamer's own word for a person ("할머니께서" → 할머니), else the dictionary's.
    if entry.matched:
        nouns = []
        for morph in kiwi().tokenize(entry.matched[0]):
            if not morph.tag.startswith("NN"):
                break
            nouns.append(morph.form)
        if nouns:
            return "".join(nouns)
    return entry.name


def _retold(text: str) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?。])\s+|\n+", text.strip()) if s.strip()]
    if len(sentences) > MAX_SENTENCES:
        sentences = sentences[:4] + sentences[-(MAX_SENTENCES - 4):]
    retold = []
    for sentence in sentences:
        sentence = plain_style(sentence)
        if sentence[-1] not in ".!?…\"”":
            sentence += "."
        retold.append(sentence)
    return retold


def plain_style(sentence: str) -> str:
    """The sentence in the plain narrative style: 꿨어요 → 꿨다, 갑니다 → 간다, 저는 → 나는."""
    morphs = kiwi().tokenize(sentence)
    if not morphs or sentence.rstrip().endswith("?"):
        return sentence
    changed: list[tuple[str, str]] = []
    for index, morph in enumerate(morphs):
        form, tag = morph.form, morph.tag
        if tag == "EF" and form != "다":
            before = morphs[index - 1].tag.split("-")[0] if index else ""
            form = _PLAIN.get(before, "다")
        elif tag == "NP" and form in {"저", "제"}:
            form = "나" if form == "저" else "내"
        elif tag == "NP" and form == "저희":
            form = "우리"
        changed.append((form, tag))
    return kiwi().join(changed)


def _title(dream: DreamContext, rng: random.Random) -> str:
    names = list(dict.fromkeys(entry.name for entry in dream.symbols))[:2]
    if not names:
        return "다시 들려주는 꿈"
    if len(names) == 2:
        return f"{names[0]}{josa(names[0], '과', '와')} {names[1]}"
    name = names[0]
    if name.endswith("꿈"):
        return rng.choice((name, f"{name}을 꾼 밤"))
    return rng.choice((f"꿈속의 {name}", f"{name}, 그 밤의 기억", f"밤에 만난 {name}"))


def listed_ko(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])}{josa(items[-2], '과', '와')} {items[-1]}"


def josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """The particle form that follows `word` (이/가, 과/와, 으로/로), by its last syllable."""
    syllables = [ch for ch in word if "가" <= ch <= "힣"]
    if not syllables:
        return after_consonant
    final = (ord(syllables[-1]) - ord("가")) % 28
    if after_consonant == "으로" and final == 8:  # ㄹ takes 로: 물로, 하늘로
        return after_vowel
    return after_consonant if final else after_vowel
