"""Recordings are decoded in an isolated worker: one that crashes the decoder is refused with
a message, and this process goes on serving."""

from __future__ import annotations

import os

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.backends import BackendError
from core.speech import audio
from core.speech.transcribers import PocketSphinxTranscriber
from dreams.models import Dream, TranscriptionJob
from tests.dreams.conftest import tone
from tests.music import crashers

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_recording_that_crashes_the_decoder_is_refused_and_nothing_is_kept(monkeypatch,
                                                                            settings):
    monkeypatch.setattr(audio, "_inspect", crashers.segfault)
    client = APIClient()
    for path in ("/api/dreams/", "/api/dreams/transcriptions/"):
        recording = SimpleUploadedFile("dream.wav", tone(1.5), content_type="audio/wav")
        response = client.post(path, {"audio": recording}, format="multipart")
        assert response.status_code == 422, response.content
        error = response.json()["error"]
        assert error["code"] == "unreadable_audio"
        assert "could not read this recording" in error["message"]
    assert not Dream.objects.exists() and not TranscriptionJob.objects.exists()
    media = settings.MEDIA_ROOT
    assert not os.path.exists(media) or not any(f for _, _, f in os.walk(media))

    monkeypatch.undo()
    info = audio.audio_validate(tone(1.5))
    assert (info.format, info.samplerate, info.channels) == ("WAV", 16000, 1)
    assert abs(info.seconds - 1.5) < 1e-6


def test_the_decoded_samples_come_from_the_worker_and_a_crash_there_is_permanent(monkeypatch):
    samples = audio.pcm16k(tone(1.0, rate=48000))
    assert samples.dtype == np.float32 and len(samples) == 16000
    assert 0.25 < np.abs(samples).max() <= 0.31
    monkeypatch.setattr(audio, "_pcm16k", crashers.abort)
    with pytest.raises(BackendError) as caught:
        PocketSphinxTranscriber().transcribe(tone(1.5), content_type="audio/wav")
    assert caught.value.permanent
    assert caught.value.message == audio.UNREADABLE_MESSAGE
