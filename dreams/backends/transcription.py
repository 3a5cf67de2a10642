"""Transcription: speech to text. Offline with PocketSphinx and its bundled US English model;
online with OpenAI's transcription endpoint."""

from __future__ import annotations

from typing import Any

import numpy as np

from core.backends import BackendError
from core.openai_client import openai_client, openai_errors
from dreams.audio import SILENT_MESSAGE, AudioRejected, audio_validate, pcm16k, speech_chunks
from dreams.backends.base import Transcriber


def _readable(audio: bytes, content_type: str) -> None:
    try:
        audio_validate(audio, content_type=content_type)
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

    def transcribe(self, audio: bytes, *, content_type: str = "") -> str:
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


def _decode(decoder: Any, samples: np.ndarray) -> str:
    decoder.start_utt()
    decoder.process_raw((samples * 32767).astype("<i2").tobytes(), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr.strip() if hypothesis is not None else ""


class OpenAITranscriber(Transcriber):
    """OpenAI's transcription endpoint (gpt-4o-mini-transcribe by default; whisper-1 works)."""

    provider = "openai"

    def transcribe(self, audio: bytes, *, content_type: str = "") -> str:
        _readable(audio, content_type)
        model = self.options.get("model", "gpt-4o-mini-transcribe")
        name = {"audio/flac": "dream.flac", "audio/x-flac": "dream.flac",
                "audio/ogg": "dream.ogg"}.get(content_type, "dream.wav")
        with openai_errors("the transcription service", model=model, operation="transcription"):
            result = openai_client().audio.transcriptions.create(
                model=model, file=(name, audio, content_type or "audio/wav"),
                response_format="json")
        text = (getattr(result, "text", "") or "").strip()
        if not text:
            raise BackendError(SILENT_MESSAGE, permanent=True)
        return text
