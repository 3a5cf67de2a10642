"""The captioner that needs no key and no network: it measures the picture and describes it."""

from __future__ import annotations

from PIL import Image

from captioning.analysis import analyse
from captioning.backends.base import Captioner, CaptionResult
from captioning.describe import caption_text, mood_words, tags_for
from captioning.describe_ko import caption_text_ko, tags_for_ko
from captioning.mood import mood_of
from music.composer.prompts import prompt_for_mood


class OfflineCaptioner(Captioner):
    provider = "offline"

    def caption(self, image: Image.Image, *, language: str = "en") -> CaptionResult:
        analysis = analyse(image)
        mood = mood_of(analysis)
        features = analysis.features()
        # From the stored (rounded) features, so rebuilding the prompt later gives the same one.
        prompt = prompt_for_mood(valence=mood.valence, arousal=mood.arousal, hue=features["hue"],
                                 warmth=features["warmth"], texture=features["texture"])
        feeling = mood_words(analysis, mood)
        korean = language == "ko"
        return CaptionResult(
            text=(caption_text_ko if korean else caption_text)(analysis, feeling),
            music_prompt=prompt.text,
            mood=mood,
            tags=(tags_for_ko if korean else tags_for)(analysis, feeling),
            features=features,
        )
