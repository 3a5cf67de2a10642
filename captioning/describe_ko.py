"""The offline caption in Korean, from the same measurements as the English one
(captioning.describe): light and colour, what is seen, the layout, the mood of the music.

Written as a Korean speaker would describe a picture, in short 해요체 sentences, not word
by word from the English; particles follow the words before them (core.korean).
"""

from __future__ import annotations

from captioning.analysis import Analysis
from captioning.describe import _Chooser, _is_gradient, _notable, tags_for
from core.korean import attach
from music.composer.prompts_ko import MOODS

FAMILIES = {"red": "빨간색", "orange": "주황색", "yellow": "노란색", "green": "초록색",
            "teal": "청록색", "blue": "파란색", "purple": "보라색", "pink": "분홍색",
            "brown": "갈색", "grey": "회색", "white": "흰색", "black": "검은색"}
# Shades with a Korean name of their own; the rest are their family, lighter or deeper.
SHADES = {"sky blue": "하늘색", "navy blue": "남색", "midnight blue": "짙은 남색",
          "turquoise": "옥색", "lavender": "연보라색", "cream": "크림색", "beige": "베이지색",
          "peach": "살구색", "khaki": "카키색", "olive": "올리브색", "mint green": "민트색",
          "off-white": "미색", "charcoal": "짙은 회색", "maroon": "적갈색", "gold": "금색",
          "magenta": "자홍색", "coral": "산호색", "amber": "호박색", "sand": "모래색"}
DEEP = ("dark", "deep", "forest", "pine", "burnt", "brick", "crimson", "plum", "moss")
PALE = ("pale", "powder", "ice", "soft", "light", "silver")
SEEN = {"person": "사람", "text": "글씨", "foliage": "풀과 나무", "water": "물", "snow": "눈",
        "sky": "탁 트인 하늘", "sunset": "노을 진 하늘"}
TAGS = {"person": "사람", "text": "글씨", "foliage": "나무", "water": "물", "snow": "눈",
        "sky": "하늘", "sunset": "노을", "night": "밤", "bright": "밝음", "dark": "어두움",
        "warm": "따뜻함", "cool": "차가움", "vivid": "선명함", "muted": "차분한 색",
        "monochrome": "흑백", "high contrast": "강한 대비", "textured": "질감",
        "smooth": "매끈함", "horizon": "수평선", "gradient": "그러데이션", "symmetric": "대칭"}


def colour_ko(swatch_name: str, family: str) -> str:
    """The Korean name of a measured colour: "sky blue" → 하늘색, "dark brown" → 짙은 갈색."""
    if swatch_name in SHADES:
        return SHADES[swatch_name]
    base = FAMILIES.get(family, "회색")
    if swatch_name.startswith(DEEP):
        return f"짙은 {base}"
    if swatch_name.startswith(PALE):
        return f"연한 {base}"
    return base


def caption_text_ko(analysis: Analysis, feeling: tuple[str, str]) -> str:
    choose = _Chooser(analysis)
    colours = [colour_ko(s.name, s.family) for s in _notable(analysis.palette)]
    colours = list(dict.fromkeys(colours))
    mood = ", ".join(MOODS.get(word, word) for word in feeling)
    if analysis.is_flat:
        return (f"무늬 하나 없이 {attach(colours[0], '으로/로')} 고르게 채워진 화면이에요. "
                f"{mood} 느낌이 들어요.")
    sentences = [_opening(analysis, choose), _colours(analysis, colours, choose)]
    seen = [SEEN[name] for name in SEEN if name in analysis.seen]
    if "노을 진 하늘" in seen and "탁 트인 하늘" in seen:
        seen.remove("탁 트인 하늘")
    if seen:
        things = seen[0] if len(seen) == 1 else (
            ", ".join([*seen[:-2], attach(seen[-2], "과/와")]) + f" {seen[-1]}")
        sentences.append(f"{attach(things, '이/가')} 보여요.")
    if "night" in analysis.seen:
        sentences.append("밤 풍경이에요.")
    sentences.append(_layout(analysis))
    sentences.append(choose.pick("close", ("{m} 느낌이 들어요.", "전체적으로 {m} 분위기예요.",
                                           "{m} 기분이 전해져요.")).format(m=mood))
    return " ".join(s for s in sentences if s)


def _opening(analysis: Analysis, choose: _Chooser) -> str:
    joined, alone = _light(analysis.lightness, analysis.contrast)
    temperature = ("따뜻한 색감의" if analysis.warmth >= 0.3 else
                   "차가운 색감의" if analysis.warmth <= -0.3 else "")
    if analysis.saturation >= 0.6:
        temperature = f"색이 선명하고 {temperature}".strip()
    elif analysis.saturation <= 0.08:
        temperature = "흑백에 가까운"
    aspect = analysis.composition.aspect
    noun = ("가로로 긴 띠 같은 그림" if aspect >= 3 else "세로로 긴 그림" if aspect <= 1 / 3
            else choose.pick("noun", ("넓은 풍경", "넓은 장면")) if aspect >= 1.9
            else choose.pick("noun", ("장면", "그림", "사진")))
    # "밝고 따뜻한 색감의 그림", but "밝은 그림" when nothing follows the light.
    words = " ".join(w for w in ((joined, temperature) if temperature else (alone,)) + (noun,))
    return f"{attach(words, '이에요/예요')}."


def _light(lightness: float, contrast: float) -> tuple[str, str]:
    """The light as a clause that goes on ("밝고") and as one that ends on its noun ("밝은")."""
    if lightness >= 0.78:
        return "환하고", "환한"
    if lightness >= 0.6:
        return "밝고", "밝은"
    if lightness >= 0.4:
        return ("명암이 뚜렷하고", "명암이 뚜렷한") if contrast >= 0.4 else ("밝기가 고르고",
                                                                      "밝기가 고른")
    if lightness >= 0.22:
        return "어스름하고", "어스름한"
    return "어둡고", "어두운"


def _colours(analysis: Analysis, colours: list[str], choose: _Chooser) -> str:
    if len(colours) == 1:
        return f"{attach(colours[0], '이/가')} 화면을 가득 채우고 있어요."
    if len(colours) == 2:
        pair = f"{attach(colours[0], '과/와')} {colours[1]}"
        verb = ("뚜렷하게 맞서 있어요" if analysis.contrast >= 0.5 else
                choose.pick("two", ("어우러져 있어요", "섞여 있어요")))
        return f"{attach(pair, '이/가')} {verb}."
    first, second, third = colours
    return f"{first}, {attach(second, '과/와')} {attach(third, '이/가')} 어우러져 있어요."


def _layout(analysis: Analysis) -> str:
    """The most telling fact about the layout, as one sentence ("" when none stands out)."""
    layout = analysis.composition
    if layout.horizon is not None:
        where = ("위쪽을" if layout.horizon <= 0.42 else "아래쪽을" if layout.horizon >= 0.58
                 else "한가운데를")
        edge = "또렷한" if layout.horizon_sharp else "부드러운"
        return f"{edge} 수평선이 화면 {where} 가로질러요."
    if layout.fade and _is_gradient(analysis):
        direction, first, last = layout.fade
        families = {s.name: s.family for s in analysis.palette}
        start, end = (colour_ko(name, families.get(name, "grey")) for name in (first, last))
        where = ("위쪽", "아래쪽") if direction == "down" else ("왼쪽", "오른쪽")
        return (f"{where[0]}의 {start}에서 {where[1]}의 {attach(end, '으로/로')} 서서히 "
                f"바뀌어요.")
    if layout.points_of_light:
        return "작은 불빛들이 군데군데 반짝여요."
    if layout.centre:
        return {"bright": "한가운데가 환하게 빛나요.", "dark": "한가운데에 어두운 덩어리가 있어요.",
                "coloured": "한가운데에 눈에 띄는 색이 있어요."}[layout.centre]
    if layout.symmetry >= 0.8:
        return "왼쪽과 오른쪽이 거의 대칭을 이뤄요."
    return ""


def tags_for_ko(analysis: Analysis, feeling: tuple[str, str]) -> list[str]:
    """The English tags (captioning.describe.tags_for), said in Korean."""
    names = {s.name: colour_ko(s.name, s.family) for s in analysis.palette}
    korean = [TAGS.get(tag) or names.get(tag) or MOODS.get(tag, tag)
              for tag in tags_for(analysis, feeling)]
    return list(dict.fromkeys(korean))

