"""Every kind of private file: its signed URL works for its owner (token or session) and is a
404 without its signature, with a tampered or expired one, or through a revoked share link."""

from __future__ import annotations

import io
import types
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from tests.accounts.factories import TokenFactory, UserFactory
from tests.dreams.conftest import tone
from tests.dreams.factories import DreamFactory, TranscriptionJobFactory
from tests.stories.conftest import make_story  # noqa: F401  (the fixture)
from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = {  # kind → (where the URL is in the owner's JSON, its content type)
    "upload-image": ("image_url", "image/jpeg"),
    "wav": ("wav", "audio/wav"), "mp3": ("mp3", "audio/mpeg"), "ogg": ("ogg", "audio/ogg"),
    "midi": ("midi", "audio/midi"),
    "dream-picture": ("image_url", "image/png"), "dream-recording": ("audio_url", "audio/wav"),
    "story-page": ("image_url", "image/png"), "story-pdf": ("pdf_url", "application/pdf"),
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


class Person:
    def __init__(self, user) -> None:
        self.user = user
        self.token = APIClient()
        self.token.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=user).key}")
        self.session = Client()
        self.session.force_login(user)


@pytest.fixture
def people(django_user_model) -> tuple[Person, Person]:
    return tuple(Person(UserFactory(username=name)) for name in ("owner", "other"))


def _make(kind: str, owner: Person, make_story) -> str:  # noqa: F811
    """Make the owner a thing of `kind`; returns the API address that describes it."""
    if kind in {"upload-image", "wav", "mp3", "ogg", "midi"}:
        upload = owner.token.post("/api/uploads/", {"image": SimpleUploadedFile(
            "dusk.jpg", factories.picture((200, 150)), content_type="image/jpeg"),
            "duration": 10, "seed": 3}, format="multipart").json()
        return f"/api/uploads/{upload['id']}/"
    if kind.startswith("dream"):
        dream = DreamFactory(
            user=owner.user, title="Lake", text="I swam in a lake.",
            image=default_storage.save("dreams/x.png", ContentFile(_png())),
            audio=default_storage.save("dreams/audio/x.wav", ContentFile(tone())),
            keep_audio=True, audio_content_type="audio/wav")
        return f"/api/dreams/{dream.pk}/"
    return f"/api/stories/{make_story(owner.token)['id']}/"


def _url(body: dict, kind: str) -> str:
    field = KINDS[kind][0]
    if kind in {"wav", "mp3", "ogg", "midi"}:
        return body["tracks"][0]["audio"][field]
    if kind == "story-page":
        return body["pages"][0][field]
    return body[field]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_its_owners_alone(kind, people, make_story, settings):  # noqa: F811
    owner, other = people
    where = _make(kind, owner, make_story)
    content_type = KINDS[kind][1]
    for client in (owner.token, owner.session):
        url = _url(client.get(where).json(), kind)
        assert "?m=" in url, url
        response = client.get(url)
        assert response.status_code == 200, (kind, response.content[:200])
        assert response["Content-Type"] == content_type
        max_age = int(response["Cache-Control"].split("max-age=")[1])
        assert response["Cache-Control"].startswith("private")
        assert 0 < max_age <= settings.MEDIA_URL_SECONDS
    path, token = urlsplit(url).path, url.split("?m=")[1]
    assert other.token.get(where).status_code == 404  # nobody else can have one minted
    for client in (other.token, other.session, APIClient()):
        assert client.get(path).status_code in {401, 404}, kind
    anonymous = APIClient()
    assert anonymous.get(path).status_code in {401, 404}
    assert anonymous.get(f"{path}?m={token[:-2]}xx").status_code in {401, 404}
    assert anonymous.get(f"{path}?m=").status_code in {401, 404}
    later = types.SimpleNamespace(time=lambda: __import__("time").time()
                                  + settings.MEDIA_URL_SECONDS + 5)
    signing_time = signing.time
    signing.time = later
    try:
        assert anonymous.get(url).status_code in {401, 404}, kind
    finally:
        signing.time = signing_time


def test_a_signature_for_one_file_opens_no_other(db):
    first = default_storage.save("uploads/a.png", ContentFile(_png()))
    second = default_storage.save("uploads/b.png", ContentFile(_png()))
    url = default_storage.url(first)
    assert APIClient().get(url).status_code == 200
    forged = url.replace(first, second)
    assert APIClient().get(forged).status_code == 404


def test_audio_seeks_with_byte_ranges(people):
    owner, _ = people
    upload = owner.token.post("/api/uploads/", {"image": SimpleUploadedFile(
        "dusk.jpg", factories.picture((200, 150)), content_type="image/jpeg"),
        "duration": 10}, format="multipart").json()
    url = owner.token.get(f"/api/uploads/{upload['id']}/").json()["tracks"][0]["audio"]["wav"]
    part = APIClient().get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 100
    assert part["Content-Range"].startswith("bytes 0-99/")
    download = APIClient().get(url + "&download=1")
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["Content-Disposition"].endswith('.wav"')
    assert "bpm" in download["Content-Disposition"]


def test_a_revoked_share_link_revokes_its_page_images(people, make_story):  # noqa: F811
    owner, _ = people
    story = make_story(owner.token)
    share = owner.token.post(f"/api/stories/{story['id']}/share").json()["share_url"]
    reader = Client()
    data = reader.get(urlsplit(share).path).context["data"]
    image = data["pages"][0]["image_url"]
    assert reader.get(image).status_code == 200
    assert owner.token.delete(f"/api/stories/{story['id']}/share").status_code == 204
    assert reader.get(image).status_code == 404
    assert reader.get(urlsplit(share).path).status_code == 404


def test_kept_recordings_are_listed_and_deleted(people):
    owner, other = people
    user = owner.user
    name = default_storage.save("dreams/audio/kept.wav", ContentFile(tone()))
    kept = TranscriptionJobFactory(user=user, audio=name, keep_audio=True, status="succeeded")
    [listed] = owner.token.get("/api/dreams/recordings/").json()
    assert listed["id"] == str(kept.pk) and listed["source"] == "transcription"
    assert owner.token.get(listed["audio_url"]).status_code == 200
    assert other.token.get("/api/dreams/recordings/").json() == []
    assert other.token.delete(f"/api/dreams/recordings/{kept.pk}/").status_code == 404
    assert owner.token.delete(f"/api/dreams/recordings/{kept.pk}/").status_code == 204
    assert not default_storage.exists(name)
    assert owner.token.get(listed["audio_url"]).status_code == 404
    assert owner.token.get("/api/dreams/recordings/").json() == []
    assert "/dreams/recordings/" in owner.session.get("/dreams/").content.decode()
