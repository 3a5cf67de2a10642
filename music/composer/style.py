"""A person's own words for the music ("jazzy", "lo-fi with rain", "sad cello") → a request.

Words are lower-cased, split, and reduced to a form the vocabulary knows ("jazzy" → "jazz",
"cellos" → "cello", "orchestral" → "orchestra", "slower" → "slow"); phrases of up to three
words are looked up first ("drum and bass", "electric piano", "music box"). What is not
understood is kept as it was written, for composers that read prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STYLE_MAX_CHARS = 200

# Phrase → genre name in music.composer.genres.GENRES.
GENRE_WORDS = {
    "jazz": "jazz", "swing": "jazz", "bebop": "jazz", "lo fi": "lo-fi hip hop",
    "lofi": "lo-fi hip hop", "chillhop": "lo-fi hip hop", "ambient": "ambient",
    "drone": "dark ambient drone", "new age": "new-age ambient", "meditation": "new-age ambient",
    "epic": "epic orchestral", "orchestra": "epic orchestral", "symphony": "epic orchestral",
    "cinema": "cinematic", "cinematic": "cinematic", "film score": "cinematic",
    "soundtrack": "cinematic",
    "classic": "classical", "neoclassical": "neoclassical", "lullaby": "lullaby",
    "techno": "techno", "house": "house", "deep house": "deep house", "trance": "trance",
    "drum and bass": "drum and bass", "drum n bass": "drum and bass", "dnb": "drum and bass",
    "jungle": "drum and bass", "hip hop": "hip hop", "trip hop": "trip-hop",
    "synthwave": "synthwave", "retrowave": "synthwave", "disco": "disco", "nu disco": "nu-disco",
    "funk": "funk", "pop": "pop", "rock": "rock", "reggae": "reggae", "blues": "blues",
    "chill": "chillout", "chillout": "chillout", "downtempo": "downtempo",
    "bossa nova": "bossa nova", "bossa": "bossa nova", "samba": "bossa nova",
    "folk": "acoustic folk", "acoustic": "acoustic folk", "dubstep": "dubstep",
    "waltz": "waltz", "ballad": "solo piano",
}
# Phrase → an instrument of the offline composer (its nearest voice).
INSTRUMENT_WORDS = {
    "piano": "piano", "grand piano": "piano", "keyboard": "piano", "harpsichord": "pluck",
    "electric piano": "electric piano", "rhodes": "electric piano", "wurlitzer": "electric piano",
    "keys": "electric piano", "organ": "pad", "string": "strings", "violin": "strings",
    "viola": "strings", "cello": "strings", "fiddle": "strings", "string quartet": "strings",
    "orchestra": "strings", "pad": "pad", "synth": "pad", "synthesizer": "pad", "choir": "pad",
    "bell": "bells", "glockenspiel": "bells", "celesta": "bells", "music box": "bells",
    "chime": "bells", "guitar": "pluck", "harp": "pluck", "banjo": "pluck", "ukulele": "pluck",
    "mandolin": "pluck", "koto": "pluck", "sitar": "pluck", "lute": "pluck", "pluck": "pluck",
    "marimba": "marimba", "xylophone": "marimba", "vibraphone": "marimba", "kalimba": "marimba",
    "steel drum": "marimba", "flute": "flute", "pan flute": "flute", "recorder": "flute",
    "whistle": "flute", "clarinet": "flute", "oboe": "flute", "woodwind": "flute",
    "saxophone": "flute", "sax": "flute", "bass": "bass", "double bass": "bass",
    "bassline": "bass", "808": "bass", "drum": "drums", "beat": "drums", "percussion": "drums",
    "breakbeat": "drums",
}
FAST_WORDS = {"fast", "quick", "upbeat", "energetic", "driving", "frantic", "rapid", "dance",
              "danceable", "lively", "uptempo", "hard", "intense", "epic", "pump"}
SLOW_WORDS = {"slow", "calm", "relax", "relaxing", "gentle", "sleepy", "sleep", "lazy", "soft",
              "quiet", "peaceful", "mellow", "soothing", "chill", "tranquil", "serene", "lullaby"}
HAPPY_WORDS = {"happy", "joy", "joyful", "bright", "cheerful", "sunny", "uplifting", "hopeful",
               "playful", "fun", "warm", "triumphant", "romantic", "love", "epic"}
SAD_WORDS = {"sad", "melancholy", "melancholic", "dark", "gloomy", "moody", "sorrow",
             "lonely", "grief", "tragic", "somber", "sombre", "haunting", "tense", "angry",
             "eerie", "spooky", "mysterious", "scary", "cello"}
MODE_WORDS = {"major": "major", "minor": "minor", "dorian": "dorian", "lydian": "lydian",
              "mixolydian": "mixolydian", "phrygian": "phrygian", "dreamy": "lydian",
              "dream": "lydian", "mysterious": "phrygian", "eerie": "phrygian",
              "spooky": "phrygian", "bluesy": "mixolydian"}
NEGATIONS = {"no", "without", "not", "minus"}
_SUFFIXES = ("iest", "ier", "ical", "ily", "ies", "ing", "ish", "est", "es", "al", "ic", "er",
             "ed", "ly", "y", "s")
_KNOWN = {word for phrase in (*GENRE_WORDS, *INSTRUMENT_WORDS) for word in phrase.split()}
_KNOWN |= FAST_WORDS | SLOW_WORDS | HAPPY_WORDS | SAD_WORDS | set(MODE_WORDS) | NEGATIONS


@dataclass(frozen=True)
class StyleRequest:
    text: str
    genre: str | None = None
    instruments: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    tempo_bpm: int | None = None
    pace: int = 0  # -1 slower, 0 as it comes, 1 faster
    valence_shift: float = 0.0
    mode: str | None = None

    @property
    def empty(self) -> bool:
        return not self.text


def lemma(word: str) -> str:
    """The vocabulary's form of a word, or the word itself ("jazzier" → "jazz")."""
    if word in _KNOWN:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            doubled = stem[:-1] if stem[-1:] == stem[-2:-1] else ""
            for candidate in (stem, stem + "e", stem + "a", doubled,
                              stem + "y" if suffix in ("ier", "iest", "ies", "ily") else ""):
                if candidate and candidate in _KNOWN:
                    return candidate
    return word


def _tokens(text: str) -> list[str]:
    cleaned = text.lower().replace("&", " and ").replace("'n'", " n ").replace("-", " ")
    return [lemma(word) for word in re.findall(r"[a-z0-9]+", cleaned)]


def parse_style(text: str) -> StyleRequest:
    text = " ".join(text.split())[:STYLE_MAX_CHARS]
    tokens = _tokens(text)
    tempo = re.search(r"(\d{2,3})\s*bpm", text.lower())
    genre, instruments, without, pace, valence = None, [], [], 0, 0.0
    mode = None
    index, negate = 0, False
    while index < len(tokens):
        for size in (3, 2, 1):
            phrase = " ".join(tokens[index:index + size])
            if len(tokens) - index >= size and (phrase in GENRE_WORDS
                                                or phrase in INSTRUMENT_WORDS):
                break
        else:
            size, phrase = 1, tokens[index]
        word = phrase
        if word in NEGATIONS:
            negate = True
            index += 1
            continue
        if word in INSTRUMENT_WORDS and (negate or word not in GENRE_WORDS or genre):
            (without if negate else instruments).append(INSTRUMENT_WORDS[word])
        elif word in GENRE_WORDS and genre is None and not negate:
            genre = GENRE_WORDS[word]
            if word == "orchestra":
                instruments.append("strings")
        pace += (word in FAST_WORDS) - (word in SLOW_WORDS)
        valence += 0.35 * ((word in HAPPY_WORDS) - (word in SAD_WORDS))
        mode = MODE_WORDS.get(word, mode)
        negate = False
        index += size
    return StyleRequest(
        text=text, genre=genre, instruments=tuple(dict.fromkeys(instruments)),
        without=tuple(dict.fromkeys(without)),
        tempo_bpm=int(tempo.group(1)) if tempo else None,
        pace=max(-1, min(1, pace)), valence_shift=max(-0.8, min(0.8, valence)), mode=mode)
