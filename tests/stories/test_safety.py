"""Storybooks are for children: what is refused, how kindly, and that nothing is left behind."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.moderation.moderators import OpenAIModerator, WordListModerator
from core.safety import safety_check
from stories.models import Story, StoryJob, StoryPage
from stories.services import BOOK_REFUSED, HEROES, IDEAS
from tests.fakes.openai_answers import moderation

pytestmark = pytest.mark.django_db
KIND = "Let's pick a different idea — how about "
OPENAI_MODERATION = {"BACKEND": "core.moderation.moderators.OpenAIModerator", "OPTIONS": {}}


def _refusal(response, field: str) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "theme_refused"
    assert error["fields"] == {field: [error["message"]]}
    return error["message"]


def _tone() -> bytes:
    out = io.BytesIO()
    seconds = np.arange(16000) / 16000
    soundfile.write(out, 0.3 * np.sin(2 * np.pi * 220 * seconds), 16000, format="WAV",
                    subtype="PCM_16")
    return out.getvalue()


def _post(body: dict):
    return APIClient().post("/api/stories/", {"age_band": "3-5", "pages": 4, **body},
                            format="json")


@pytest.mark.parametrize("theme", [
    "a story about killing people with a knife", "how to kill your brother",
    "a murder in the woods", "sex", "stabbing the teacher", "a bloody war with guns",
    "drugs and alcohol party",
])
def test_the_themes_a_parent_would_refuse_get_a_kind_4xx_and_leave_nothing(theme):
    message = _refusal(_post({"protagonist": "boy", "theme": theme}), "theme")
    assert message.startswith(KIND) and any(idea in message for idea in IDEAS)
    assert theme not in message
    assert not Story.objects.exists() and not StoryJob.objects.exists()


@pytest.mark.parametrize("theme", ["칼로 사람을 죽이는 이야기", "마약", "자살"])
def test_korean_themes_a_parent_would_refuse_get_the_same_kind_4xx(theme):
    message = _refusal(_post({"protagonist": "boy", "theme": theme}), "theme")
    assert message.startswith(KIND) and theme not in message
    assert not Story.objects.exists()


def test_a_scary_but_fine_korean_theme_is_taken():
    response = _post({"protagonist": "cat", "theme": "유령이 나오는 무서운 해적선"})
    assert response.status_code == 201, response.content
    assert Story.objects.get().theme == "유령이 나오는 무서운 해적선"


def test_a_hero_of_ones_own_is_checked_too():
    message = _refusal(_post({"protagonist": "a man with a gun", "theme": "a picnic"}),
                       "protagonist")
    assert message.startswith("Let's pick a different hero — how about ")
    assert any(hero in message for hero in HEROES)
    assert not Story.objects.exists()


def test_the_ideas_we_suggest_are_themselves_fine():
    assert all(safety_check(idea).allowed for idea in IDEAS + HEROES)


def test_a_spoken_theme_is_checked_once_transcribed(fake_openai, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "transcription": {
        "BACKEND": "core.speech.transcribers.OpenAITranscriber", "OPTIONS": {}}}
    fake_openai.queue("transcriptions", {"text": "stabbing the teacher"})
    audio = SimpleUploadedFile("theme.wav", _tone(), content_type="audio/wav")
    response = APIClient().post("/api/stories/transcribe/", {"audio": audio},
                                format="multipart")
    message = _refusal(response, "audio")
    assert message.startswith(KIND) and "stabbing" not in response.content.decode()


def test_a_written_page_that_turns_unsafe_fails_the_job_kindly(
        settings, django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "story_writer": {
        "BACKEND": "tests.stories.recording_backends.TurningWriter",
        "OPTIONS": {"page": 3, "text": "Then Pip found a gun and shot the farmer."}}}
    with django_capture_on_commit_callbacks(execute=True):
        response = _post({"protagonist": "cat", "theme": "a lost balloon"})
    assert response.status_code == 201
    job = StoryJob.objects.get()
    assert job.status == "failed" and job.error == BOOK_REFUSED and job.attempts == 1
    assert not StoryPage.objects.exists()  # nothing of the book is shown


def test_a_word_the_theme_used_innocently_may_come_back_in_the_book(
        django_capture_on_commit_callbacks):
    theme = "a bath bomb that makes the water purple"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post({"protagonist": "rabbit", "theme": theme})
    job = StoryJob.objects.get(pk=response.json()["job"]["id"])
    assert job.status == "succeeded", job.error
    story = Story.objects.get()
    assert "bomb" in (story.title + " ".join(story.pages.values_list("text", flat=True))).lower()


def test_the_dream_journal_keeps_its_adult_policy():
    dream = "I dreamt of a bloody war with guns and I died."
    assert WordListModerator().check(dream).allowed
    assert not WordListModerator().check(dream, policy="children").allowed


# OpenAI: the category scores decide for children, not only "flagged" --------------------------

def test_openai_scores_under_flagged_still_refuse_for_children(fake_openai):
    fake_openai.queue("moderations", moderation(scores={"violence": 0.42}),
                      moderation(scores={"violence": 0.42}))
    assert OpenAIModerator().check("a duel at dawn").allowed  # adult: not flagged, fine
    verdict = OpenAIModerator().check("a duel at dawn", policy="children")
    assert not verdict.allowed and verdict.categories == ["violence"]


@pytest.mark.parametrize("scores, refused", [
    ({"violence": 0.2, "sexual": 0.004}, []),
    ({"sexual": 0.02}, ["sexual"]),
    ({"self-harm/intent": 0.05, "hate": 0.01}, ["self-harm/intent"]),
    ({"violence/graphic": 0.15, "illicit": 0.2}, ["illicit", "violence/graphic"]),
])
def test_each_openai_category_has_its_childrens_threshold(fake_openai, scores, refused):
    fake_openai.queue("moderations", moderation(scores=scores))
    verdict = OpenAIModerator().check("a theme", policy="children")
    assert verdict.allowed is not refused and verdict.categories == refused


def test_an_openai_refusal_by_score_answers_the_kind_4xx(fake_openai, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "moderation": OPENAI_MODERATION}
    fake_openai.queue("moderations", moderation(scores={"violence": 0.5}))
    message = _refusal(_post({"protagonist": "frog", "theme": "a duel at dawn"}), "theme")
    assert message.startswith(KIND)
    assert fake_openai.last("moderations").json["input"] == "a duel at dawn"
    assert not Story.objects.exists()


def test_openai_checks_every_written_page(fake_openai, settings,
                                          django_capture_on_commit_callbacks):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "moderation": OPENAI_MODERATION}
    # theme, then title + sheet, then pages 1–4: page 3 scores too high for a child
    fine = moderation(scores={"violence": 0.01})
    fake_openai.queue("moderations", fine, fine, fine, fine,
                      moderation(scores={"violence/graphic": 0.3}))
    with django_capture_on_commit_callbacks(execute=True):
        _post({"protagonist": "cat", "theme": "a lost balloon"})
    job = StoryJob.objects.get()
    assert job.status == "failed" and job.error == BOOK_REFUSED
    inputs = [call.json["input"] for call in fake_openai.calls("moderations")]
    assert len(inputs) == 5 and inputs[0] == "a lost balloon"
    assert not StoryPage.objects.exists()
