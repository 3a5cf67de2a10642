"""Korean words for the plot engine: theme words mapped to the engine's concepts, the settings'
places, sights and helpers, and the heroes' Korean names.

A Korean theme is read by finding the words it is made of (particles and verb endings stripped)
and handing their English concepts to stories.backends.themes, so a Korean book takes the same
setting, weather, time and plot shape an English one would; the Korean surface words are kept
to be written back into the book.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from core.korean import HANGUL
from stories.backends.characters import PRESETS, Character, character_for

# Korean theme word → (the engine's concept words, the Korean noun the book says, or "").
# Several-syllable words match the start of a word ("친구들과" → 친구); one-syllable words
# only a whole word once its particle is off ("비 오는 날" → 비, not 비밀).
THEME_WORDS: dict[str, tuple[str, str]] = {
    "공룡": ("dinosaur", "공룡"), "우주": ("space", ""), "별나라": ("space", ""),
    "별": ("star", "별"), "달": ("moon", "달"), "로켓": ("rocket", "로켓"),
    "행성": ("planet", "행성"), "바다": ("sea", ""), "바닷가": ("beach", ""),
    "해변": ("beach", ""), "섬": ("island", ""), "고래": ("whale", "고래"),
    "물고기": ("fish", "물고기"), "조개": ("shell", "조개껍데기"), "친구": ("friend", "친구"),
    "숲": ("forest", ""), "숲속": ("forest", ""), "나무": ("tree", "나무"), "캠핑": ("camping", ""),
    "용": ("dragon", "용"), "생일": ("birthday cake", "생일 케이크"),
    "케이크": ("cake", "케이크"), "풍선": ("balloon", "풍선"), "비": ("rain", ""),
    "눈": ("snow", ""), "겨울": ("winter", ""), "눈사람": ("snowman", "눈사람"),
    "썰매": ("sled", "썰매"), "학교": ("school", ""), "선생님": ("teacher", ""),
    "농장": ("farm", ""), "꽃": ("flower", "꽃"), "정원": ("garden", ""),
    "꽃밭": ("garden", ""), "씨앗": ("seed", "씨앗"), "성": ("castle", ""),
    "공주": ("princess", ""), "기사": ("knight", ""), "산": ("mountain", ""),
    "동굴": ("cave", ""), "연못": ("pond", ""), "강": ("river", ""), "호수": ("lake", ""),
    "수영": ("swim", ""), "마을": ("town", ""), "도시": ("city", ""), "시장": ("market", ""),
    "기차": ("train", "기차"), "버스": ("bus", "버스"), "공원": ("park", ""),
    "집": ("home", ""), "가족": ("family", ""), "밤": ("night", ""), "잠": ("sleep", ""),
    "꿈": ("dream", ""), "어둠": ("dark", ""), "어두": ("dark", ""), "무서": ("afraid", ""),
    "천둥": ("thunder", ""), "폭풍": ("storm", ""), "바람": ("wind", ""),
    "연": ("kite", "연"), "안개": ("fog", ""), "잃어버": ("lost", ""), "잃": ("lost", ""),
    "찾": ("find", ""), "보물": ("treasure", "보물"), "지도": ("map", "지도"),
    "비밀": ("secret", ""), "수수께끼": ("mystery", ""), "사라진": ("missing", ""),
    "탐정": ("detective", ""), "만들": ("make", ""), "그림": ("paint", ""),
    "요리": ("cook", ""), "외로": ("lonely", ""), "수줍": ("shy", ""),
    "함께": ("together", ""), "나누": ("share", ""), "소풍": ("picnic", ""),
    "여행": ("trip", ""), "모험": ("adventure", ""), "동물원": ("zoo", "동물원"),
    "탐험": ("explore", ""), "용감": ("brave", ""), "자전거": ("learn ride bike", "자전거"),
    "배우": ("learn", ""), "도와": ("help", ""), "돕": ("help", ""), "아픈": ("sick", ""),
    "친절": ("kind", ""), "특별": ("special", ""), "키우": ("grow", ""),
    "강아지": ("puppy", "강아지"), "고양이": ("cat", "고양이"), "토끼": ("rabbit", "토끼"),
    "아침": ("morning", ""), "저녁": ("evening", ""), "노을": ("sunset", ""),
    "로봇": ("robot", "로봇"), "알": ("egg", "알"), "곰": ("bear", "곰"),
    "인형": ("doll", "인형"), "책": ("book", "책"), "모자": ("hat", "모자"),
    "모래성": ("sandcastle", "모래성"), "우산": ("umbrella", "우산"), "공": ("ball", "공"),
}
PARTICLES = ("에서는", "에서", "에게", "이랑", "하고", "으로", "까지", "처럼", "이", "가",
             "은", "는", "을", "를", "에", "의", "와", "과", "로", "도", "랑", "만")
# Korean for the English things a theme may turn on (an English theme, or a default thing).
THINGS = {
    "balloon": "풍선", "dinosaur": "공룡", "friend": "친구", "key": "열쇠", "map": "지도",
    "lantern": "등불", "ball": "공", "box": "상자", "basket": "바구니", "umbrella": "우산",
    "snowman": "눈사람", "kite": "연", "cake": "케이크", "dragon": "용", "star": "별",
    "moon": "달", "rocket": "로켓", "treasure": "보물", "egg": "알", "puppy": "강아지",
    "bike": "자전거", "seed": "씨앗", "flower": "꽃", "shell": "조개껍데기", "boat": "배",
    "fish": "물고기", "whale": "고래", "robot": "로봇", "book": "책", "hat": "모자",
    "cookie": "쿠키", "bread": "빵", "sandcastle": "모래성", "bear": "곰", "doll": "인형",
    "tree": "나무", "train": "기차", "bus": "버스", "sled": "썰매", "cat": "고양이",
    "rabbit": "토끼", "planet": "행성", "picture": "그림", "garden": "꽃밭", "party": "잔치",
}
SHAPE_THINGS = {"mystery": "열쇠", "quest": "지도", "fear": "등불", "friendship": "공",
                "making": "상자", "dayout": "바구니"}
FEELINGS = {"shy": "수줍은", "lonely": "외로운", "brave": "용감한", "afraid": "무서운",
            "scared": "무서운", "nervous": "떨리는", "sad": "슬픈", "happy": "기쁜",
            "special": "특별한", "sleepy": "졸린", "excited": "설레는", "different": "남다른",
            "grumpy": "뾰로통한", "cross": "뾰로통한"}
FEARS = {"dark": "어둠", "thunder": "천둥", "storm": "폭풍", "monster": "침대 밑 그림자",
         "water": "깊은 물"}
OUTINGS = {"moon": "달", "zoo": "동물원", "sea": "바다", "beach": "바닷가", "castle": "성",
           "museum": "박물관", "park": "공원", "fair": "축제"}


@dataclass(frozen=True)
class KoreanSetting:
    place: str  # a noun that takes 에 / 에서: "바닷가"
    sights: tuple[str, ...]
    helpers: tuple[tuple[str, str], ...]  # (who, as introduced; the name they are called by)


SETTINGS: dict[str, KoreanSetting] = {
    "seaside": KoreanSetting("바닷가", ("조개껍데기", "파도", "고깃배", "갈매기"),
                             (("마음씨 좋은 꽃게 아저씨", "꽃게 아저씨"),
                              ("나이 많은 갈매기 선장님", "선장님"))),
    "space": KoreanSetting("별나라", ("별", "행성", "혜성", "작은 달"),
                           (("달에 사는 생쥐 콩이", "콩이"), ("반짝이는 혜성 쌩쌩이", "쌩쌩이"))),
    "forest": KoreanSetting("푸른 숲", ("나무", "고사리", "버섯", "솔방울"),
                            (("지혜로운 부엉이 할아버지", "부엉이 할아버지"),
                             ("날쌘 다람쥐 도토리", "도토리"))),
    "snow": KoreanSetting("눈 덮인 언덕", ("눈송이", "소나무", "고드름", "썰매"),
                          (("덩치 큰 북극곰 아저씨", "북극곰 아저씨"), ("흰 토끼 솜이", "솜이"))),
    "school": KoreanSetting("작은 학교", ("책상", "그림책", "크레파스", "그네"),
                            (("다정한 선생님", "선생님"), ("같은 반 친구 지아", "지아"))),
    "farm": KoreanSetting("햇살 가득한 농장", ("암탉", "짚더미", "아기 돼지", "사과나무"),
                          (("순한 젖소 얼룩이", "얼룩이"), ("늙은 농장 개 바둑이", "바둑이"))),
    "garden": KoreanSetting("꽃밭", ("꽃", "꿀벌", "씨앗", "달팽이"),
                            (("부지런한 꿀벌 붕붕이", "붕붕이"),
                             ("느릿느릿 달팽이 느림보", "느림보"))),
    "castle": KoreanSetting("오래된 성", ("탑", "깃발", "성문", "기사"),
                            (("친절한 기사 아저씨", "기사 아저씨"),
                             ("성에 사는 고양이 벨벳", "벨벳"))),
    "mountains": KoreanSetting("높은 산", ("바위", "산양", "구름", "시냇물"),
                               (("산양 조약돌", "조약돌"),
                                ("눈이 밝은 독수리 수리", "수리"))),
    "pond": KoreanSetting("조용한 연못", ("연잎", "갈대", "오리", "잠자리"),
                          (("오리 꽥꽥이", "꽥꽥이"), ("느긋한 거북이 할머니", "거북이 할머니"))),
    "town": KoreanSetting("북적이는 마을", ("가게", "버스", "가로등", "다리"),
                          (("빵집 아저씨", "빵집 아저씨"), ("비둘기 구구", "구구"))),
    "home": KoreanSetting("우리 집", ("장난감", "베개", "그림책", "창문"),
                          (("곰 인형 단추", "단추"), ("다정한 할머니", "할머니"))),
}


@dataclass(frozen=True)
class KoreanHero:
    name: str
    kind: str  # "고양이", "여자아이"
    sheet: str  # Korean description, then the English one the painter reads
    clothing: str
    wore: str  # the past stem of putting it on: 입었 (a dress), 했 (a scarf), 멨 (a bag)
    english: Character


# The presets in Korean: name, kind, looks, clothing and how it is worn.
PRESET_KO = {
    "girl": ("하늘", "여자아이", "까만 머리를 두 갈래로 땋고 주근깨가 있는 여섯 살 여자아이",
             "초록 원피스", "입었"),
    "boy": ("도윤", "남자아이", "곱슬곱슬한 갈색 머리에 얼굴이 동그란 여섯 살 남자아이",
            "노란 비옷", "입었"),
    "cat": ("나비", "고양이", "발이 하얗고 눈이 초록빛인 작은 주황 줄무늬 고양이",
            "은방울이 달린 파란 목걸이", "했"),
    "frog": ("개굴이", "개구리", "금빛 눈이 커다란 작은 초록 개구리", "빨간 목도리", "했"),
    "rabbit": ("토리", "토끼", "귀가 길고 귓속이 분홍빛인 하얀 토끼", "보라색 조끼", "입었"),
    "robot": ("뚝딱이", "로봇", "청록색 불빛과 작은 안테나가 달린 동그란 은색 로봇",
              "빨간 나비넥타이", "했"),
    "dragon": ("미르", "아기 용", "금빛 날개에 웃는 얼굴이 다정한 작은 보라색 용",
               "초록 가방", "멨"),
    "princess": ("별이", "공주", "곱슬곱슬한 검은 머리에 금빛 왕관을 쓴 갈색 피부의 공주",
                 "분홍 망토", "둘렀"),
}
KINDS = {"여자아이": "girl", "소녀": "girl", "남자아이": "boy", "소년": "boy", "고양이": "cat",
         "개구리": "frog", "토끼": "rabbit", "로봇": "robot", "용": "dragon", "공주": "princess"}
NAMES = ["하늘", "도윤", "서연", "하준", "지우", "민지", "소리", "바다", "다온", "루리", "보라",
         "지호"]
COLOURS = {"red": "빨간", "orange": "주황", "yellow": "노란", "green": "초록", "blue": "파란",
           "teal": "청록색", "purple": "보라색", "pink": "분홍", "brown": "갈색",
           "black": "까만", "white": "하얀", "grey": "회색", "silver": "은색", "gold": "금빛"}


def hero_for(protagonist: str, *, rng: random.Random) -> KoreanHero:
    """A preset (asked for in English or Korean), or a hero from a Korean description:
    "토끼" is a rabbit named by the engine, "토끼 민지" a rabbit named 민지."""
    text = " ".join(protagonist.split())
    key = text.lower()
    words = text.split()
    kind_word = next((w for w in words if w in KINDS), None)
    if key in PRESET_KO or text in KINDS:
        preset = key if key in PRESET_KO else KINDS[text]
        name, kind, looks, clothing, wore = PRESET_KO[preset]
        return _hero(name, kind, looks, clothing, PRESETS[preset], wore=wore)
    if HANGUL.search(text):
        english = character_for(KINDS.get(kind_word or "", "friend"), rng=rng)
        name = words[-1] if len(words) > 1 and words[-1] not in KINDS else rng.choice(NAMES)
        kind = " ".join(w for w in words if w != name) or "친구"
        colour = COLOURS.get(english.colours[1], "파란")
        clothing = f"{colour} 목도리"
        looks = f"{kind} {name}"
        sheet_en = Character(name, english.kind, english.looks, english.clothing,
                             english.colours, english.pronoun)
        return _hero(name, kind, looks, clothing, sheet_en)
    english = character_for(text, rng=rng)
    kind = next((k for k, v in KINDS.items() if english.kind.split()[-1] == v), "친구")
    colour = COLOURS.get(english.colours[0], "파란")
    return _hero(english.name, kind, f"{colour} {kind} {english.name}",
                 f"{COLOURS.get(english.colours[1], '노란')} 목도리", english)


def _hero(name: str, kind: str, looks: str, clothing: str, english: Character, *,
          wore: str = "했") -> KoreanHero:
    sheet = (f"{name}: {looks}. {clothing} 차림. 모든 쪽에서 똑같은 모습으로 그려 주세요.\n"
             f"{english.sheet}")
    return KoreanHero(name, kind, sheet, clothing, wore, english)


def theme_concepts(theme: str) -> tuple[str, dict[str, str]]:
    """The theme's concepts as an English phrase for stories.backends.themes, and the Korean
    noun for each concept the theme names ({"balloon": "풍선"})."""
    found: list[str] = []
    korean: dict[str, str] = {}
    keys = sorted(THEME_WORDS, key=len, reverse=True)
    for word in re.findall(r"[\uac00-\ud7a3]+|[A-Za-z]+", theme):
        if not HANGUL.match(word):
            found.append(word.lower())
            continue
        bare = _unparticled(word)
        key = next((k for k in keys if (len(k) > 1 and word.startswith(k)) or bare == k),
                   None)
        if key is None:
            continue
        concept, noun = THEME_WORDS[key]
        found.append(concept)
        if noun:
            korean.setdefault(concept.split()[-1], noun)
    return " ".join(found), korean


def _unparticled(word: str) -> str:
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            return word[: -len(particle)]
    return word
