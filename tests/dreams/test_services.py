from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from core.models import Job
from core.ownership import Owner
from core.speech.audio import AudioRejected
from dreams.models import Dream, DreamJob, TranscriptionJob
from dreams.services import (
    DreamRejected,
    dream_create,
    dream_create_from_audio,
    dream_delete,
    dream_update,
    dreams_delete,
    transcription_create,
)
from tests.dreams.conftest import silence, spoken, tone

pytestmark = pytest.mark.django_db(transaction=True)

OWNER = Owner(session_key="dreamer-one")
OTHER = Owner(session_key="dreamer-two")
TEXT = ("I was flying over the ocean at night, then I started falling toward a dark house. "
        "My teeth were crumbling and I was terrified.")


def test_a_written_dream_is_read_interpreted_retold_and_pictured(symbols):
    started = dream_create(owner=OWNER, text=TEXT, emotions=["confusion"])
    dream = Dream.objects.get(pk=started.dream.pk)
    job = DreamJob.objects.get(pk=started.job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    names = [m.symbol.name for m in dream.matches.select_related("symbol")]
    assert {"Flying", "Ocean", "Teeth falling out"} <= set(names)
    teeth = dream.matches.get(symbol__name="Teeth falling out")
    assert teeth.matched == ["teeth were crumbling"]
    assert dream.emotions == ["confusion"] and "apprehension" in dream.proposed_emotions
    assert dream.felt == ",confusion,"  # the dreamer's tags win over proposals
    assert set(dream.interpretation_citations) <= {m.symbol_id for m in dream.matches.all()}
    assert teeth.symbol_id in dream.interpretation_citations
    assert "You were flying over the ocean" in dream.story_text
    assert dream.title == dream.story_title  # no title given: the story's
    assert dream.image.name.startswith("dreams/") and default_storage.exists(dream.image.name)


@pytest.mark.parametrize("text, code", [
    ("", "empty"), ("   \n ", "empty"), ("x" * 100_000, "too_long"),
])
def test_bad_text_is_refused_before_anything_is_stored(text, code):
    with pytest.raises(DreamRejected) as caught:
        dream_create(owner=OWNER, text=text)
    assert caught.value.code == code
    assert not Dream.objects.exists()


def test_unsafe_text_is_refused_kindly():
    with pytest.raises(DreamRejected) as caught:
        dream_create(owner=OWNER, text="I dreamed about porn on every screen.")
    assert caught.value.code == "refused" and caught.value.status == 422
    assert "sorry" in caught.value.message and "sexual" in caught.value.message
    with pytest.raises(DreamRejected) as caught:
        dream_create(owner=OWNER, text="In the dream I wanted to kill myself.")
    assert "you don't have to carry it alone" in caught.value.message
    assert not Dream.objects.exists()


def test_unknown_emotions_are_refused():
    with pytest.raises(DreamRejected) as caught:
        dream_create(owner=OWNER, text=TEXT, emotions=["joy"])
    assert caught.value.field == "emotions"


def test_an_output_that_fails_moderation_is_held_back(symbols, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "dream_story": {
        "BACKEND": "tests.dreams.engines.UnsafeStoryteller", "OPTIONS": {}}}
    started = dream_create(owner=OWNER, text=TEXT)
    job = DreamJob.objects.get(pk=started.job.pk)
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("We held back the story")
    dream = Dream.objects.get(pk=started.dream.pk)
    assert dream.interpretation_sections and not dream.story_text and not dream.image


def test_a_spoken_dream_is_transcribed_and_its_recording_deleted(symbols, tmp_path):
    audio = spoken("I was in a house by the ocean. A dog chased me up the stairs.", tmp_path)
    started = dream_create_from_audio(owner=OWNER, audio=audio, content_type="audio/wav")
    stored = started.dream.audio.name
    dream = Dream.objects.get(pk=started.dream.pk)
    assert DreamJob.objects.get(pk=started.job.pk).status == Job.Status.SUCCEEDED
    for noun in ("house", "ocean", "stairs"):
        assert noun in dream.text.lower()
    assert {"House", "Ocean", "Stairs"} <= {m.symbol.name for m in dream.matches.all()}
    assert not dream.audio and not default_storage.exists(stored)


def test_a_kept_recording_stays_with_the_dream_until_it_is_deleted(symbols, tmp_path):
    audio = spoken("I was swimming in a lake.", tmp_path)
    job = transcription_create(owner=OWNER, audio=audio, content_type="audio/wav",
                               keep_audio=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and "lake" in job.text.lower()
    stored = job.audio.name
    started = dream_create(owner=OWNER, text="I was swimming in a lake, happily.",
                           transcription=job)
    assert started.dream.audio.name == stored and default_storage.exists(stored)
    dream = Dream.objects.get(pk=started.dream.pk)
    image = dream.image.name
    dream_delete(dream=dream)
    assert not default_storage.exists(stored) and not default_storage.exists(image)


def test_a_transcribed_recording_is_deleted_unless_kept(tmp_path):
    job = transcription_create(owner=OWNER, audio=spoken("a red door", tmp_path),
                               content_type="audio/wav")
    stored = job.audio.name
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert not job.audio and not default_storage.exists(stored)


@pytest.mark.parametrize("audio, code", [
    (b"", "empty"), (b"plain text, not sound", "unsupported_audio"),
    (b"\x1aE\xdf\xa3\x9fB\x86\x81\x01" + b"\x00" * 200, "unsupported_audio"),  # WebM header
    (silence(), "silent_audio"),
])
def test_bad_recordings_are_refused_before_anything_is_stored(audio, code):
    with pytest.raises(AudioRejected) as caught:
        transcription_create(owner=OWNER, audio=audio, content_type="audio/webm")
    assert caught.value.code == code
    assert not TranscriptionJob.objects.exists()


def test_a_sound_without_words_fails_its_job_with_a_clear_message():
    job = transcription_create(owner=OWNER, audio=tone(1.5), content_type="audio/wav")
    stored = job.audio.name
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "could not hear any words" in job.error
    assert not default_storage.exists(stored)


def test_editing_the_text_reads_the_dream_again(symbols):
    started = dream_create(owner=OWNER, text="I was flying over a city.", title="Night flight")
    dream = Dream.objects.get(pk=started.dream.pk)
    first_image = dream.image.name
    job = dream_update(dream=dream, text="A snake was in my garden.")
    assert job is not None
    dream = Dream.objects.get(pk=dream.pk)
    assert {m.symbol.name for m in dream.matches.all()} >= {"Snake", "Garden"}
    assert "Flying" not in {m.symbol.name for m in dream.matches.all()}
    assert dream.title == "Night flight"  # a given title stays
    assert dream.image.name != first_image and not default_storage.exists(first_image)
    assert dream_update(dream=dream, emotions=["happiness"]) is None
    assert Dream.objects.get(pk=dream.pk).felt == ",happiness,"


def test_bulk_delete_removes_only_the_owners_dreams_and_their_files(symbols):
    mine = [dream_create(owner=OWNER, text=f"I was flying, dream {n}.").dream for n in range(3)]
    theirs = dream_create(owner=OTHER, text="I was flying too.").dream
    images = [Dream.objects.get(pk=d.pk).image.name for d in mine]
    deleted = dreams_delete(owner=OWNER, ids=[mine[0].pk, mine[1].pk, theirs.pk])
    assert deleted == 2
    assert set(Dream.objects.values_list("pk", flat=True)) == {mine[2].pk, theirs.pk}
    assert [default_storage.exists(name) for name in images] == [False, False, True]


OPENAI_BACKENDS = {
    "transcription": "core.speech.transcribers.OpenAITranscriber",
    "moderation": "core.moderation.moderators.OpenAIModerator",
    "interpretation": "dreams.backends.interpretation.OpenAIInterpreter",
    "dream_story": "dreams.backends.story.OpenAIDreamStoryteller",
    "dream_image": "dreams.backends.image.OpenAIDreamPainter",
}


def test_the_whole_job_on_openai(symbols, settings, fake_openai, tmp_path):
    import json

    from tests.fakes.openai_answers import chat_completion

    settings.AI_BACKENDS = {**settings.AI_BACKENDS, **{
        kind: {"BACKEND": path, "OPTIONS": {}} for kind, path in OPENAI_BACKENDS.items()}}
    fake_openai.queue("transcriptions", {"text": "A snake was hiding in my garden."})

    def interpretation(request):
        # Answers like a model would: citing the entries the prompt gave it.
        entries = json.loads(request.json["messages"][1]["content"])["dictionary_entries"]
        return chat_completion({"sections": [
            {"text": f"{e['name']} may stand for something of yours.", "citations": [e["id"]]}
            for e in entries]})

    fake_openai.queue("chat", interpretation)
    fake_openai.chat({"title": "The Garden Snake", "story": "You walked into your garden."})
    started = dream_create_from_audio(owner=OWNER, audio=spoken("a snake", tmp_path),
                                      content_type="audio/wav", emotions=["apprehension"])
    job = DreamJob.objects.get(pk=started.job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    dream = Dream.objects.get(pk=started.dream.pk)
    assert dream.text == "A snake was hiding in my garden."
    assert {m.symbol.name for m in dream.matches.all()} >= {"Snake", "Garden", "Hiding"}
    assert set(dream.interpretation_citations) == {m.symbol_id for m in dream.matches.all()}
    assert dream.story_title == "The Garden Snake" and dream.title == "The Garden Snake"
    assert (dream.interpretation_provider, dream.story_provider, dream.image_provider) == \
        ("openai", "openai", "openai")
    moderated = [r.json["input"] for r in fake_openai.calls("moderations")]
    assert moderated[0] == dream.text  # the words heard, then each output
    assert any("You walked into your garden." in text for text in moderated)


def test_openai_moderation_refusal_fails_a_spoken_dream_kindly(symbols, settings, fake_openai,
                                                               tmp_path):
    from tests.fakes.openai_answers import moderation

    settings.AI_BACKENDS = {**settings.AI_BACKENDS, **{
        kind: {"BACKEND": path, "OPTIONS": {}} for kind, path in OPENAI_BACKENDS.items()}}
    fake_openai.queue("moderations", moderation(flagged=["harassment"]))
    started = dream_create_from_audio(owner=OWNER, audio=spoken("a snake", tmp_path),
                                      content_type="audio/wav")
    job = DreamJob.objects.get(pk=started.job.pk)
    assert job.status == Job.Status.FAILED
    assert "we can't work with this dream" in job.error and "harassment" in job.error
    assert not fake_openai.calls("chat")  # nothing more was asked of the models
