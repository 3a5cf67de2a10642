from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from rest_framework.test import APIClient

from stories.models import Story, StoryJob

pytestmark = pytest.mark.django_db

STORY_FIELDS = {"id", "title", "protagonist", "theme", "age_band", "language",
                "character_sheet", "pages", "pdf_url", "share_url", "created_at"}


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_create_answers_the_story_and_its_job_then_the_finished_book(make_story):
    client = APIClient()
    created = make_story(client, pages=5, style="watercolour")
    assert set(created) == STORY_FIELDS | {"job"}
    assert created["job"]["kind"] == "story"
    assert created["age_band"] == "6-8" and created["protagonist"] == "cat"

    book = client.get(f"/api/stories/{created['id']}/").json()
    assert set(book) == STORY_FIELDS
    assert book["title"] and "Pip" in book["character_sheet"]
    assert [p["number"] for p in book["pages"]] == [1, 2, 3, 4, 5]
    assert all(p["text"] and p["image_url"] for p in book["pages"])
    assert urlsplit(book["pdf_url"]).path == f"/api/stories/{created['id']}/pdf/"
    assert book["pdf_url"].startswith("http://testserver/")
    assert all(p["image_url"].startswith("http://testserver/") for p in book["pages"])
    assert book["share_url"] is None
    job = client.get(f"/api/jobs/{created['job']['id']}/").json()
    assert job["status"] == "succeeded"
    assert job["result_url"] == f"http://testserver/api/stories/{created['id']}/"
    assert job["page_url"] == f"http://testserver/stories/{created['id']}/"

    page = Story.objects.get(pk=created["id"]).pages.get(number=3)
    assert page.image.name.startswith("stories/") and page.image.name.endswith(".png")
    assert created["id"] not in page.image.name  # media keys are not the story id
    with default_storage.open(page.image.name) as handle:
        assert Image.open(io.BytesIO(handle.read())).format == "PNG"


def test_list_shows_only_the_owners_books(make_story):
    mine, theirs = APIClient(), APIClient()
    first = make_story(mine)
    make_story(theirs, theme="a trip to the moon")
    listed = mine.get("/api/stories/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == first["id"]


@pytest.mark.parametrize("change, field", [
    ({"pages": 0}, "pages"), ({"pages": 50}, "pages"), ({"pages": 3}, "pages"),
    ({"theme": ""}, "theme"), ({"theme": "   "}, "theme"), ({"age_band": "13-15"}, "age_band"),
    ({"age_band": None}, "age_band"), ({"protagonist": ""}, "protagonist"),
    ({"style": "oil"}, "style"),
])
def test_bad_input_names_the_field(change, field):
    body = {"protagonist": "cat", "theme": "a picnic", "age_band": "3-5", "pages": 8, **change}
    response = APIClient().post("/api/stories/", body, format="json")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid" and field in error["fields"]
    assert Story.objects.count() == 0


def test_a_refused_theme_gets_a_kind_message_and_nothing_is_made():
    body = {"protagonist": "robot", "theme": "how to make a bomb", "age_band": "9-12"}
    response = APIClient().post("/api/stories/", body, format="json")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "theme_refused"
    assert "different idea" in error["message"] and "bomb" not in error["message"]
    assert not Story.objects.exists() and not StoryJob.objects.exists()


def test_other_owners_get_404_everywhere(make_story):
    owner, stranger = APIClient(), APIClient()
    story_id = make_story(owner)["id"]
    stranger.get("/api/stories/")  # a visitor with a session of their own
    for method, url in [("get", f"/api/stories/{story_id}/"),
                        ("delete", f"/api/stories/{story_id}/"),
                        ("get", f"/api/stories/{story_id}/pdf/"),
                        ("get", f"/api/stories/{story_id}/pdf"),
                        ("post", f"/api/stories/{story_id}/share/"),
                        ("post", f"/api/stories/{story_id}/share")]:
        response = getattr(stranger, method)(url)
        assert response.status_code == 404, url
        assert _error(response)["code"] == "not_found"
    assert stranger.get(f"/stories/{story_id}/").status_code == 404
    assert owner.get(f"/api/stories/{story_id}/").status_code == 200


def test_delete_removes_the_book_and_its_pictures(make_story, django_capture_on_commit_callbacks):
    client = APIClient()
    story_id = make_story(client)["id"]
    names = list(Story.objects.get(pk=story_id).pages.values_list("image", flat=True))
    assert names and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/stories/{story_id}/").status_code == 204
    assert not Story.objects.filter(pk=story_id).exists()
    assert not StoryJob.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert client.get(f"/api/stories/{story_id}/").status_code == 404


def test_share_link_reads_without_owner_controls_and_revoking_404s(make_story):
    owner, reader = APIClient(), APIClient()
    story_id = make_story(owner)["id"]
    shared = owner.post(f"/api/stories/{story_id}/share/")
    assert shared.status_code == 200
    url = shared.json()["share_url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 32
    assert owner.get(f"/api/stories/{story_id}/").json()["share_url"] == url

    page = reader.get(f"/s/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert Story.objects.get(pk=story_id).title.replace("'", "&#x27;") in html
    assert 'id="delete"' not in html and 'id="share"' not in html
    pdf = reader.get(f"/s/{token}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert reader.get(f"/api/stories/{story_id}/").status_code == 404  # still not theirs

    assert owner.delete(f"/api/stories/{story_id}/share/").status_code == 204
    assert reader.get(f"/s/{token}/").status_code == 404
    assert reader.get(f"/s/{token}/pdf").status_code == 404
    assert owner.get(f"/api/stories/{story_id}/").json()["share_url"] is None
    # Sharing again makes a new, different link.
    again = owner.post(f"/api/stories/{story_id}/share").json()["share_url"]
    assert again != url


def test_pdf_download_has_a_filename_and_a_page_per_story_page(make_story):
    from pypdf import PdfReader

    client = APIClient()
    story_id = make_story(client, pages=6)["id"]
    response = client.get(f"/api/stories/{story_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The first address, without the slash, still answers the same file.
    assert client.get(f"/api/stories/{story_id}/pdf").content[:5] == b"%PDF-"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.pdf"')
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1 + 6


def test_pages_render_for_the_owner(make_story):
    client = APIClient()
    assert "No books yet" in client.get("/stories/").content.decode()
    story_id = make_story(client)["id"]
    library = client.get("/stories/").content.decode()
    assert f"/stories/{story_id}/" in library
    assert client.get("/stories/new/").status_code == 200
    reader = client.get(f"/stories/{story_id}/").content.decode()
    assert 'id="story-data"' in reader and 'id="delete"' in reader


def test_a_moderation_outage_answers_503_with_a_message(fake_openai, settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "moderation": {
        "BACKEND": "core.moderation.moderators.OpenAIModerator", "OPTIONS": {}}}
    settings.OPENAI_MAX_RETRIES = 0
    fake_openai.error("moderations", 503, times=3)
    body = {"protagonist": "cat", "theme": "a picnic", "age_band": "6-8"}
    response = APIClient().post("/api/stories/", body, format="json")
    assert response.status_code == 503
    assert _error(response)["message"]
    assert not Story.objects.exists()
