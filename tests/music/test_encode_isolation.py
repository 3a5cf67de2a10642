"""A codec that crashes fails one file with EncodeError, a message a person can read; the
process that asked carries on, and the other formats are still made."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.backends import BackendError
from music.models import Track
from music.services import track_encode_extras
from music.sound import codec
from music.sound.audio import EncodeError, encode, transcode
from tests.music import crashers
from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)

TONE = (0.3 * np.sin(2 * np.pi * 440 * np.arange(44100) / 44100)).astype(np.float32)
STEREO = np.stack([TONE, TONE], axis=1)


@pytest.fixture
def ogg_segfaults(monkeypatch):
    monkeypatch.setattr(codec, "encode_samples", crashers.encode_segfaulting_on_ogg)
    monkeypatch.setattr(codec, "transcode", crashers.transcode_segfaulting_on_ogg)


def test_a_crashing_encoder_raises_encode_error_here(ogg_segfaults):
    with pytest.raises(EncodeError) as caught:
        encode(STEREO, "ogg")
    error = caught.value
    assert isinstance(error, BackendError) and not error.permanent  # the runner may retry
    assert error.message.startswith("The OGG file could not be made")
    assert "try again" in error.message
    # This process is fine, and so is the next encode.
    decoded, rate = soundfile.read(io.BytesIO(encode(STEREO, "mp3")), always_2d=True)
    assert rate == 44100 and abs(len(decoded) - len(STEREO)) <= 1152


def test_transcode_turns_a_wav_into_each_format_or_fails_that_one(ogg_segfaults):
    wav = encode(STEREO, "wav")
    assert soundfile.info(io.BytesIO(transcode(wav, "flac"))).frames == len(STEREO)
    with pytest.raises(EncodeError, match="OGG"):
        transcode(wav, "ogg")
    with pytest.raises(ValueError, match="Unknown audio format"):
        transcode(wav, "aiff")


def _track(client: APIClient) -> Track:
    image = SimpleUploadedFile("china.jpg", factories.photo_path().read_bytes(),
                               content_type="image/jpeg")
    created = client.post("/api/uploads/", {"image": image, "duration": 10, "seed": 5},
                          format="multipart")
    assert created.status_code == 201, created.content
    return Track.objects.get(upload_id=created.json()["id"])


def _without_extras(track: Track) -> Track:
    for fmt in ("mp3", "ogg"):
        getattr(track, fmt).delete(save=False)
    track.save()
    return track


def test_a_crash_in_one_extra_still_makes_the_other(monkeypatch):
    track = _without_extras(_track(APIClient()))
    monkeypatch.setattr(codec, "transcode", crashers.transcode_segfaulting_on_ogg)
    with pytest.raises(EncodeError, match="The OGG file could not be made"):
        track_encode_extras(track=track)
    track.refresh_from_db()
    assert not track.ogg
    with track.mp3.open("rb") as handle:
        assert abs(soundfile.info(io.BytesIO(handle.read())).duration - 10) < 0.05


def test_a_download_whose_encoder_crashed_says_try_again_and_works_next_time(monkeypatch):
    client = APIClient()
    track = _without_extras(_track(client))
    monkeypatch.setattr(codec, "transcode", crashers.transcode_segfaulting_on_ogg)
    response = client.get(f"/tracks/{track.pk}/audio.ogg?download=1")
    assert response.status_code == 503
    assert response["Retry-After"] and response["Content-Type"].startswith("text/plain")
    assert "The OGG file could not be made" in response.content.decode()
    assert client.get(f"/tracks/{track.pk}/audio.mp3").status_code == 200

    monkeypatch.undo()  # the next try, in a fresh worker, succeeds
    response = client.get(f"/tracks/{track.pk}/audio.ogg")
    assert response.status_code == 200 and response["Content-Type"] == "audio/ogg"
    body = b"".join(response.streaming_content)
    assert abs(soundfile.info(io.BytesIO(body)).duration - 10) < 0.05
    track.refresh_from_db()
    assert track.ogg


def test_a_composers_audio_is_decoded_in_a_worker_and_bad_audio_is_refused(monkeypatch):
    from music.backends.vertex_common import decode_wav

    audio, rate = decode_wav(encode(STEREO, "wav"), "Lyria")
    assert rate == 44100 and audio.shape == STEREO.shape
    assert np.abs(audio - STEREO).max() < 1e-4
    with pytest.raises(BackendError, match="Lyria sent audio we could not read") as caught:
        decode_wav(b"not audio at all", "Lyria")  # libsndfile's own error, from the worker
    assert caught.value.permanent
    monkeypatch.setattr(codec, "decode", crashers.segfault)
    with pytest.raises(BackendError, match="Lyria sent audio we could not read") as caught:
        decode_wav(encode(STEREO, "wav"), "Lyria")
    assert caught.value.permanent
