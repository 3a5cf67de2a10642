from __future__ import annotations

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from rest_framework.test import APIClient

from dreams.models import Dream, DreamJob, TranscriptionJob
from tests.accounts.factories import TokenFactory
from tests.dreams.conftest import silence, spoken, tone

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "I was swimming in the ocean with a dog, then the water turned into a storm."


def _error(response) -> dict:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def _no_files(settings) -> bool:
    media = settings.MEDIA_ROOT
    return not os.path.exists(media) or not any(files for _, _, files in os.walk(media))


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def token_client():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory().key}")
    return api


def test_create_answers_the_dream_and_its_job_then_the_dream_is_complete(client, symbols):
    response = client.post("/api/dreams/", {"text": TEXT, "emotions": ["happiness"]},
                           format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == TEXT and body["emotions"] == ["happiness"]
    assert body["job"]["kind"] == "dream" and body["job"]["id"]
    dream = client.get(f"/api/dreams/{body['id']}/").json()
    assert set(dream) >= {"id", "title", "text", "emotions", "symbols", "interpretation",
                          "story", "image_url", "created_at"}
    names = {s["name"]: s for s in dream["symbols"]}
    assert {"Swimming", "Ocean", "Dog", "Storm"} <= set(names)
    assert names["Storm"]["matched"] == ["storm"] and isinstance(names["Storm"]["id"], int)
    assert dream["interpretation"]["text"] and dream["interpretation"]["citations"]
    assert set(dream["interpretation"]["citations"]) <= {s["id"] for s in dream["symbols"]}
    assert dream["story"]["text"] and dream["image_url"].startswith("http://testserver/media/")
    job = client.get(f"/api/jobs/{body['job']['id']}/").json()
    assert job["status"] == "succeeded"
    assert job["result_url"] == f"http://testserver/api/dreams/{body['id']}/"
    assert job["page_url"] == f"http://testserver/dreams/{body['id']}/"
    parts = {part: client.get(f"/api/dreams/{body['id']}/{part}/") for part in
             ("interpretation", "story", "image")}
    assert all(r.status_code == 200 for r in parts.values())
    assert parts["interpretation"].json()["citations"] == dream["interpretation"]["citations"]
    assert parts["image"].json()["image_url"] == dream["image_url"]


def test_list_is_own_dreams_newest_first_with_search_and_filters(token_client, client, symbols):
    ids = [token_client.post("/api/dreams/", {"text": text}, format="json").json()["id"]
           for text in ("A snake in the garden.", "I was flying, so happy.", "A snake again!")]
    client.post("/api/dreams/", {"text": "A snake, but someone else's."}, format="json")
    listed = token_client.get("/api/dreams/").json()
    assert [d["id"] for d in listed["results"]] == ids[::-1] and listed["count"] == 3
    found = token_client.get("/api/dreams/", {"q": "snake"}).json()["results"]
    assert {d["id"] for d in found} == {ids[0], ids[2]}
    snake = found[0]["symbols"][0]["id"]
    assert len(token_client.get("/api/dreams/", {"symbol": snake}).json()["results"]) == 2
    happy = token_client.get("/api/dreams/", {"emotion": "happiness"}).json()["results"]
    assert [d["id"] for d in happy] == [ids[1]]


def test_other_owners_dreams_answer_404(client, token_client, symbols):
    dream_id = client.post("/api/dreams/", {"text": TEXT}, format="json").json()["id"]
    stranger = APIClient()
    for path in ("", "interpretation/", "story/", "image/"):
        response = stranger.get(f"/api/dreams/{dream_id}/{path}")
        assert response.status_code == 404
        assert _error(response)["code"] == "not_found"
        assert token_client.get(f"/api/dreams/{dream_id}/{path}").status_code == 404
    assert token_client.delete(f"/api/dreams/{dream_id}/").status_code == 404
    assert token_client.patch(f"/api/dreams/{dream_id}/", {"title": "mine"},
                              format="json").status_code == 404
    assert token_client.post("/api/dreams/bulk-delete/", {"ids": [dream_id]},
                             format="json").json() == {"deleted": 0}
    assert Dream.objects.filter(pk=dream_id).exists()
    assert client.get(f"/api/dreams/{uuid.uuid4()}/").status_code == 404


def test_delete_removes_the_dream_and_its_files(client, settings, symbols):
    body = client.post("/api/dreams/", {"text": TEXT}, format="json").json()
    image = Dream.objects.get(pk=body["id"]).image.name
    assert default_storage.exists(image)
    response = client.delete(f"/api/dreams/{body['id']}/")
    assert response.status_code == 204
    assert not Dream.objects.exists() and not DreamJob.objects.exists()
    assert _no_files(settings)


def test_bulk_delete(client, settings, symbols):
    ids = [client.post("/api/dreams/", {"text": f"{TEXT} {n}"}, format="json").json()["id"]
           for n in range(3)]
    response = client.post("/api/dreams/bulk-delete/", {"ids": ids[:2]}, format="json")
    assert response.json() == {"deleted": 2}
    assert list(Dream.objects.values_list("pk", flat=True)) == [uuid.UUID(ids[2])]
    bad = client.post("/api/dreams/bulk-delete/", {"ids": []}, format="json")
    assert bad.status_code == 400 and "ids" in _error(bad)["fields"]


@pytest.mark.parametrize("payload, status, code, words", [
    ({"text": ""}, 400, "empty", "Write a few words"),
    ({}, 400, "empty", "Write a few words"),
    ({"text": "x" * 100_000}, 400, "too_long", "100,000 characters"),
    ({"text": TEXT, "emotions": ["joy"]}, 400, "invalid", "not a valid choice"),
    ({"text": "I saw porn on the television."}, 422, "refused", "we can't work with"),
])
def test_bad_text(client, settings, payload, status, code, words):
    response = client.post("/api/dreams/", payload, format="json")
    assert response.status_code == status, response.content
    error = _error(response)
    assert error["code"] == code and words in error["message"]
    assert not Dream.objects.exists() and _no_files(settings)


@pytest.mark.parametrize("data, name, content_type, status, code, words", [
    (b"\x1aE\xdf\xa3" + b"\x00" * 64, "dream.webm", "audio/webm", 415, "unsupported_audio",
     "we accept WAV, FLAC or OGG"),
    (b"I am a text file", "dream.txt", "text/plain", 415, "unsupported_audio", "Unsupported"),
    (silence(), "quiet.wav", "audio/wav", 422, "silent_audio", "could not hear any words"),
    (b"", "empty.wav", "audio/wav", 400, "empty", "empty"),
])
def test_bad_audio(client, settings, data, name, content_type, status, code, words):
    for path in ("/api/dreams/", "/api/dreams/transcriptions/"):
        audio = SimpleUploadedFile(name, data, content_type=content_type)
        response = client.post(path, {"audio": audio}, format="multipart")
        assert response.status_code == status, response.content
        error = _error(response)
        assert error["code"] == code and words in error["message"]
        assert error["fields"]["audio"] == [error["message"]]
    assert not Dream.objects.exists() and not TranscriptionJob.objects.exists()
    assert _no_files(settings)


def test_a_spoken_dream_through_the_api(client, symbols, tmp_path):
    audio = SimpleUploadedFile("dream.wav", spoken(
        "I was in a house by the ocean. A dog chased me up the stairs.", tmp_path),
        content_type="audio/wav")
    body = client.post("/api/dreams/", {"audio": audio}, format="multipart").json()
    assert body["job"]["kind"] == "dream"
    dream = client.get(f"/api/dreams/{body['id']}/").json()
    assert "house" in dream["text"].lower() and "ocean" in dream["text"].lower()
    assert dream["audio_url"] is None  # deleted once transcribed
    assert dream["story"] is not None and dream["image_url"]


def test_transcription_for_review_then_save(client, symbols, tmp_path):
    audio = SimpleUploadedFile("dream.wav", spoken("I was swimming in a lake.", tmp_path),
                               content_type="audio/wav")
    created = client.post("/api/dreams/transcriptions/", {"audio": audio, "keep_audio": "true"},
                          format="multipart")
    assert created.status_code == 201 and created.json()["job"]["kind"] == "transcription"
    transcription = client.get(f"/api/dreams/transcriptions/{created.json()['id']}/").json()
    assert "lake" in transcription["text"].lower()
    assert APIClient().get(f"/api/dreams/transcriptions/{transcription['id']}/").status_code \
        == 404
    dream = client.post("/api/dreams/", {"text": "I was swimming in a calm lake.",
                                         "transcription": transcription["id"]}, format="json")
    assert dream.json()["audio_url"].startswith("http://testserver/media/dreams/audio/")


def test_a_sound_without_words_fails_the_job(client):
    audio = SimpleUploadedFile("tone.wav", tone(1.5), content_type="audio/wav")
    body = client.post("/api/dreams/transcriptions/", {"audio": audio},
                       format="multipart").json()
    job = client.get(f"/api/jobs/{body['job']['id']}/").json()
    assert job["status"] == "failed" and "could not hear any words" in job["error"]


def test_results_not_made_yet_answer_not_ready(client, symbols):
    dream_id = client.post("/api/dreams/", {"text": TEXT}, format="json").json()["id"]
    Dream.objects.filter(pk=dream_id).update(story_text="", interpretation_sections=None)
    for part in ("story", "interpretation"):
        response = client.get(f"/api/dreams/{dream_id}/{part}/")
        assert response.status_code == 404
        assert _error(response)["code"] == "not_ready"
    again = client.post(f"/api/dreams/{dream_id}/analyse/")
    assert again.status_code == 202 and again.json()["job"]["kind"] == "dream"
    assert client.get(f"/api/dreams/{dream_id}/story/").status_code == 200


def test_patch_changes_emotions_and_title(client, symbols):
    body = client.post("/api/dreams/", {"text": TEXT}, format="json").json()
    patched = client.patch(f"/api/dreams/{body['id']}/",
                           {"emotions": ["sadness"], "title": "Sea storm"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["emotions"] == ["sadness"] and patched.json()["title"] == "Sea storm"
    refused = client.patch(f"/api/dreams/{body['id']}/", {"text": ""}, format="json")
    assert refused.status_code == 400 and _error(refused)["code"] == "empty"


def test_symbol_dictionary_search(client, symbols):
    everything = client.get("/api/dream-symbols/").json()
    assert everything["count"] >= 200 and len(everything["results"]) == 20
    first = everything["results"][0]
    assert set(first) >= {"id", "name", "aliases", "category", "text"}
    teeth = client.get("/api/dream-symbols/", {"q": "my teeth fell out"}).json()["results"]
    assert teeth[0]["name"] == "Teeth falling out"
    by_text = client.get("/api/dream-symbols/", {"q": "hibernate"}).json()["results"]
    assert [s["name"] for s in by_text] == ["Bear"]
    one = client.get(f"/api/dream-symbols/{teeth[0]['id']}/").json()
    assert one["name"] == "Teeth falling out" and "tooth falling out" in one["aliases"]
    assert client.post("/api/dream-symbols/", {"name": "x"}, format="json").status_code == 405


def test_signed_in_users_dreams_survive_login(django_user_model, symbols):
    browser = APIClient()
    dream_id = browser.post("/api/dreams/", {"text": TEXT}, format="json").json()["id"]
    user = django_user_model.objects.create_user("sleeper", password="secret-pass-123")
    assert browser.login(request=HttpRequest(), username="sleeper",
                         password="secret-pass-123")  # the sign-in lockout needs a request
    assert browser.get(f"/api/dreams/{dream_id}/").status_code == 200
    assert Dream.objects.get(pk=dream_id).user == user
    assert get_user_model().objects.count() == 1
