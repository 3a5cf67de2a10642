from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.ownership import Owner
from stories.models import Story, StoryJob
from stories.services import BOOK_REFUSED, story_create, story_delete
from tests.fakes.openai_answers import moderation
from tests.stories import recording_backends
from tests.stories.books import EASY, book_json

pytestmark = pytest.mark.django_db
OWNER = Owner(session_key="k" * 32)


@pytest.fixture
def watching(settings):
    recording_backends.seen.clear()
    recording_backends.failures.clear()
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "illustration": {
        "BACKEND": "tests.stories.recording_backends.WatchingIllustrator", "OPTIONS": {}}}
    return recording_backends


def _create(capture, **fields) -> StoryJob:
    with capture(execute=True):
        job = story_create(owner=OWNER, **{"protagonist": "frog", "theme": "a rainy day",
                                           "age_band": "3-5", "pages": 6, **fields})
    job.refresh_from_db()
    return job


def test_pages_are_saved_as_each_picture_is_made_and_progress_moves_per_page(
        watching, django_capture_on_commit_callbacks, settings):
    settings.JOB_PROGRESS_INTERVAL_SECONDS = 0  # every step written (they are coalesced to 4/s)
    job = _create(django_capture_on_commit_callbacks)
    assert job.status == "succeeded" and job.progress == 100
    seen = watching.seen
    assert [s["page"] for s in seen] == [1, 2, 3, 4, 5, 6]
    # When page n is drawn, pages 1..n-1 are already readable.
    assert [s["illustrated"] for s in seen] == [0, 1, 2, 3, 4, 5]
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress) and len(set(progress)) == 6 and progress[0] >= 10
    story = Story.objects.get(pk=job.story_id)
    assert story.writer == "offline" and story.illustrator == "offline"
    assert story.reading_grade is not None and story.reading_grade <= 2


def test_a_retried_job_keeps_the_written_book_and_the_finished_pictures(
        watching, django_capture_on_commit_callbacks):
    watching.failures.update(page=4, times=1)
    job = _create(django_capture_on_commit_callbacks)
    assert job.status == "succeeded" and job.attempts == 2
    drawn = [s["page"] for s in watching.seen]
    assert drawn == [1, 2, 3, 4, 4, 5, 6]  # pages 1–3 were not drawn again
    assert Story.objects.get(pk=job.story_id).pages.exclude(image="").count() == 6


def test_a_job_that_keeps_failing_says_so_and_keeps_what_it_made(
        watching, django_capture_on_commit_callbacks, settings):
    watching.failures.update(page=2, times=99)
    job = _create(django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.attempts == settings.JOB_MAX_ATTEMPTS
    assert job.error == "The illustration service is busy."
    story = Story.objects.get(pk=job.story_id)
    assert story.pages.count() == 6 and story.pages.exclude(image="").count() == 1


def test_a_written_book_that_fails_moderation_stops_kindly(
        fake_openai, settings, django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "moderation": {
        "BACKEND": "core.moderation.moderators.OpenAIModerator", "OPTIONS": {}}}
    fake_openai.queue("moderations", moderation(), moderation(flagged=["violence"]))
    job = _create(django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.error == BOOK_REFUSED
    assert job.attempts == 1  # refused is final, no retry
    assert Story.objects.get(pk=job.story_id).pages.count() == 0
    checked = [call.json["input"] for call in fake_openai.calls("moderations")]
    assert "a rainy day" in checked[0] and "Hopper" in checked[1]


def test_a_whole_book_on_the_openai_engines(fake_openai, settings,
                                            django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, **{
        kind: {"BACKEND": path, "OPTIONS": {}} for kind, path in [
            ("story_writer", "stories.backends.writer.OpenAIStoryWriter"),
            ("illustration", "stories.backends.illustration.OpenAIIllustrator"),
            ("moderation", "core.moderation.moderators.OpenAIModerator")]}}
    fake_openai.chat(book_json(EASY, 4))
    job = _create(django_capture_on_commit_callbacks, pages=4)
    assert job.status == "succeeded", job.error
    story = Story.objects.get(pk=job.story_id)
    assert story.writer == "openai" and story.illustrator == "openai"
    assert story.title == "Pip and the Balloon"
    prompts = [call.json["prompt"] for call in fake_openai.calls("images")]
    assert len(prompts) == 4
    assert all(p.startswith(f"Main character: {story.character_sheet}") for p in prompts)


def test_deleting_a_book_removes_its_pictures(settings, django_capture_on_commit_callbacks):
    job = _create(django_capture_on_commit_callbacks, pages=4)
    story = Story.objects.get(pk=job.story_id)
    folder = Path(settings.MEDIA_ROOT) / "stories" / story.media_key
    assert len(list(folder.iterdir())) == 4
    with django_capture_on_commit_callbacks(execute=True):
        story_delete(story=story)
    assert not folder.exists() or not any(folder.iterdir())


def test_deleting_a_book_while_it_is_painted_leaves_no_files(
        watching, settings, django_capture_on_commit_callbacks):
    watching.failures.update(delete_at=3)
    with django_capture_on_commit_callbacks(execute=True):
        job = story_create(owner=OWNER, protagonist="cat", theme="a kite", age_band="6-8",
                           pages=6)
    assert [s["page"] for s in watching.seen] == [1, 2, 3]  # it stopped
    assert not Story.objects.exists() and not StoryJob.objects.filter(pk=job.pk).exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def _spoken(text: str, tmp_path: Path) -> bytes:
    path = tmp_path / "theme.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+f2", "-s", "120", "-w", str(path), text],
                   check=True)
    return path.read_bytes()


def _files_under(root: str) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def test_a_spoken_theme_is_transcribed_and_the_recording_is_not_kept(tmp_path, settings):
    audio = SimpleUploadedFile("theme.wav", _spoken("a dog by the ocean", tmp_path),
                               content_type="audio/wav")
    response = APIClient().post("/api/stories/transcribe/", {"audio": audio},
                                format="multipart")
    assert response.status_code == 200, response.content
    words = response.json()["text"].lower()
    assert "dog" in words and "ocean" in words
    assert _files_under(settings.MEDIA_ROOT) == []


def test_silence_gets_a_message_to_act_on(settings):
    import io

    import numpy as np
    import soundfile

    out = io.BytesIO()
    soundfile.write(out, np.zeros(32000, dtype=np.float32), 16000, format="WAV",
                    subtype="PCM_16")
    audio = SimpleUploadedFile("theme.wav", out.getvalue(), content_type="audio/wav")
    response = APIClient().post("/api/stories/transcribe/", {"audio": audio},
                                format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "audio_unreadable" and error["message"]
    assert _files_under(settings.MEDIA_ROOT) == []


def test_a_spoken_theme_through_openai_transcription(fake_openai, settings, tmp_path):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "transcription": {
        "BACKEND": "core.speech.transcribers.OpenAITranscriber", "OPTIONS": {}}}
    fake_openai.queue("transcriptions", {"text": "  a picnic   with bears "})
    audio = SimpleUploadedFile("theme.wav", _spoken("a picnic with bears", tmp_path),
                               content_type="audio/wav")
    response = APIClient().post("/api/stories/transcribe/", {"audio": audio},
                                format="multipart")
    assert response.json() == {"text": "a picnic with bears"}
    assert fake_openai.last("transcriptions").files["file"][1][:4] == b"RIFF"
