"""The musical prompt in Korean words, for a Korean visitor to read.

The composers keep reading the English prompt (music.composer.prompts), so the music is the same
whoever looks at it; this renders the same parts (mood, genre, tempo, key, instruments,
energy) in Korean.
"""

from __future__ import annotations

from music.composer.prompts import MusicPrompt

MOODS = {
    "bleak": "쓸쓸한", "still": "고요한", "calm": "차분한", "weightless": "아득한",
    "serene": "평온한", "dreamy": "꿈결 같은", "melancholic": "구슬픈",
    "brooding": "생각에 잠긴", "mellow": "부드러운", "unhurried": "느긋한", "warm": "따뜻한",
    "tender": "다정한", "moody": "울적한", "smoky": "아련한", "steady": "한결같은",
    "reflective": "사색적인", "sunny": "화창한", "easy": "편안한", "tense": "긴장감 있는",
    "nocturnal": "밤 같은", "restless": "들뜬", "hypnotic": "몽환적인", "cheerful": "명랑한",
    "bouncy": "통통 튀는", "urgent": "다급한", "fierce": "강렬한", "relentless": "거침없는",
    "charged": "짜릿한", "joyful": "기쁜", "soaring": "벅차오르는",
}
GENRES = {
    "dark ambient drone": "어두운 앰비언트 드론", "ambient soundscape": "앰비언트 사운드스케이프",
    "new-age ambient": "뉴에이지 앰비언트", "neoclassical": "네오클래식",
    "lo-fi hip hop": "로파이 힙합",
    "acoustic folk": "어쿠스틱 포크", "trip-hop": "트립합", "downtempo": "다운템포",
    "bossa nova": "보사노바", "dark synthwave": "다크 신스웨이브", "deep house": "딥 하우스",
    "nu-disco": "뉴디스코", "drum and bass": "드럼 앤 베이스", "driving techno": "드라이빙 테크노",
    "euphoric trance": "유포릭 트랜스", "jazz": "재즈", "epic orchestral": "웅장한 오케스트라",
    "cinematic": "영화 음악", "classical": "클래식", "solo piano": "피아노 독주",
    "lullaby": "자장가", "techno": "테크노", "house": "하우스", "trance": "트랜스",
    "hip hop": "힙합", "synthwave": "신스웨이브", "disco": "디스코", "funk": "펑크",
    "pop": "팝", "rock": "록", "reggae": "레게", "blues": "블루스", "chillout": "칠아웃",
    "ambient": "앰비언트", "dubstep": "덥스텝", "waltz": "왈츠",
}
INSTRUMENTS = {
    "piano": "피아노", "electric piano": "일렉트릭 피아노", "strings": "현악기", "pad": "신스 패드",
    "bells": "벨", "pluck": "뜯는 현악기", "marimba": "마림바", "flute": "플루트",
    "bass": "베이스", "drums": "드럼",
}
MODES = {"lydian": "리디안", "major": "장조", "mixolydian": "믹솔리디안", "dorian": "도리안",
         "minor": "단조", "phrygian": "프리지안"}
ENERGY = {"high": "높음", "medium": "보통", "low": "낮음"}


def prompt_in_korean(text: str) -> str:
    """The prompt `text` (music.composer.prompts' form) said in Korean."""
    prompt = MusicPrompt.parse(text)
    moods = ", ".join(MOODS.get(word, word) for word in prompt.descriptors)
    genre = GENRES.get(prompt.genre, prompt.genre)
    instruments = ", ".join(INSTRUMENTS.get(name, name) for name in prompt.instruments)
    korean = (f"{moods} {genre}. 빠르기: 분당 {prompt.tempo_bpm}박. "
              f"조성: {prompt.tonic} {MODES.get(prompt.mode, prompt.mode)}. 악기: {instruments}. "
              f"에너지: {ENERGY[prompt.energy]}.")
    return f"{korean} 스타일: {prompt.style}" if prompt.style else korean
