"""Transcription: speech to text. Offline with PocketSphinx and its bundled US English model
(English only: other speech is refused with a word to type instead); online with OpenAI's
transcription endpoint, told the speech's language."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import soundfile
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from core.backends import BackendError
from core.contracts import Transcriber
from core.openai_client import openai_client, openai_errors
from core.speech.audio import (
    SILENT_MESSAGE,
    AudioInfo,
    AudioRejected,
    audio_validate,
    pcm16k,
    speech_chunks,
)


def _readable(audio: bytes, content_type: str) -> AudioInfo:
    try:
        return audio_validate(audio, content_type=content_type)
    except AudioRejected as exc:
        raise BackendError(exc.message, permanent=True) from exc


def _samples(audio: bytes) -> np.ndarray:
    try:
        return pcm16k(audio)
    except AudioRejected as exc:  # the decoder crashed on it: so it will again
        raise BackendError(exc.message, permanent=True) from exc


class PocketSphinxTranscriber(Transcriber):
    """CMU PocketSphinx, on the US English acoustic model and language model it ships with.

    A short recording is decoded as one utterance (the language model works best with the
    whole sentence); a long one in pieces cut at its quietest moments.
    """

    provider = "offline"
    languages = frozenset({"en"})

    def transcribe(self, audio: bytes, *, content_type: str = "", language: str = "en") -> str:
        if language not in self.languages:
            raise BackendError(offline_speech_message(language), permanent=True)
        _readable(audio, content_type)
        samples = _samples(audio)
        from pocketsphinx import Decoder

        # A fresh decoder per recording (a quarter of a second to load): its noise and
        # channel estimates adapt as it listens, and must not carry over to someone else's.
        decoder = Decoder(samprate=16000, loglevel="FATAL")
        pieces = [_decode(decoder, chunk) for chunk in speech_chunks(samples)]
        text = " ".join(piece for piece in pieces if piece).strip()
        if not text:
            raise BackendError(SILENT_MESSAGE, permanent=True)
        return text[0].upper() + text[1:] + "."


def offline_speech_message(language: str) -> str:
    """What the offline recogniser says to speech in a language it does not know."""
    if language == "ko":
        return gettext("Korean speech needs the online speech recogniser, which is not set up "
                       "here. Please type your dream instead.")
    return gettext("Only English speech can be recognised here. Please type your dream "
                   "instead.")


def _decode(decoder: Any, samples: np.ndarray) -> str:
    decoder.start_utt()
    decoder.process_raw((samples * 32767).astype("<i2").tobytes(), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr.strip() if hypothesis is not None else ""


# The formats OpenAI's transcription endpoint takes (flac, mp3, mp4, mpeg, mpga, m4a, ogg,
# wav, webm) among those soundfile reads, by the format found in the bytes: the file name and
# MIME type to send them under. Anything else soundfile reads (AIFF, CAF, AU, RF64...) is
# converted to FLAC first.
SENDABLE = {
    "WAV": ("dream.wav", "audio/wav"), "WAVEX": ("dream.wav", "audio/wav"),
    "FLAC": ("dream.flac", "audio/flac"), "OGG": ("dream.ogg", "audio/ogg"),
    "MP3": ("dream.mp3", "audio/mpeg"),
}
TRANSCRIPTION_SERVICE = gettext_lazy("the transcription service")
UNCONVERTIBLE = gettext_lazy("We could not prepare this %(format)s recording for "
                             "transcription. Please send it as WAV, FLAC, OGG or MP3.")


class OpenAITranscriber(Transcriber):
    """OpenAI's transcription endpoint (OPENAI_TRANSCRIPTION_MODEL, or OPTIONS "model")."""

    provider = "openai"

    def transcribe(self, audio: bytes, *, content_type: str = "", language: str = "en") -> str:
        name, data, mime = openai_upload(audio, _readable(audio, content_type))
        model = self.options.get("model") or settings.OPENAI_TRANSCRIPTION_MODEL
        with openai_errors(TRANSCRIPTION_SERVICE, model=model, operation="transcription"):
            # The language (ISO 639-1) spares the model guessing it from the first seconds.
            result = openai_client().audio.transcriptions.create(
                model=model, file=(name, data, mime), response_format="json",
                language=language)
        text = (getattr(result, "text", "") or "").strip()
        if not text:
            raise BackendError(SILENT_MESSAGE, permanent=True)
        return text


def openai_upload(audio: bytes, info: AudioInfo) -> tuple[str, bytes, str]:
    """(file name, bytes, MIME type) to send: named for what the bytes are, not for what the
    client said they were, and converted when OpenAI does not take the format."""
    if info.format in SENDABLE:
        name, mime = SENDABLE[info.format]
        return name, audio, mime
    try:
        samples, rate = soundfile.read(io.BytesIO(audio), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise BackendError(UNCONVERTIBLE % {"format": info.format}, permanent=True) from exc
    # Mono 16-bit FLAC: lossless for speech, and far smaller than WAV, which takes the sample
    # rates FLAC cannot (above 655 kHz).
    for kind, name, mime in (("FLAC", "dream.flac", "audio/flac"),
                             ("WAV", "dream.wav", "audio/wav")):
        out = io.BytesIO()
        try:
            soundfile.write(out, samples.mean(axis=1), rate, format=kind, subtype="PCM_16")
        except (soundfile.LibsndfileError, RuntimeError, ValueError):
            continue
        return name, out.getvalue(), mime
    raise BackendError(UNCONVERTIBLE % {"format": info.format}, permanent=True)
