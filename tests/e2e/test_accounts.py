from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.uploads import factories

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery 9"


def test_sign_up_make_a_track_and_give_a_program_a_token(asgi_server, page, output_dir):
    # An anonymous visitor makes a track, then signs up: the track comes along.
    page.goto(asgi_server + "/")
    page.select_option("#id_duration", "10")
    page.set_input_files("#id_image", str(factories.photo_path("flower.jpg")))
    page.get_by_role("button", name="Make music").click()
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    results_href = page.get_by_role("link", name="Open the results page").get_attribute("href")
    upload_id = re.search(r"/results/([0-9a-f-]{36})/", results_href).group(1)

    page.get_by_role("link", name="Sign up").click()
    page.fill("#id_username", "maker")
    page.fill("#id_email", "maker@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(asgi_server + "/")  # back where the visitor was
    page.get_by_role("link", name="Account").click()
    page.wait_for_url("**/accounts/")

    page.fill("#id_name", "photo sync")
    page.get_by_role("button", name="Create token").click()
    key = page.locator("#new-token-key").inner_text()
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert page.get_by_role("cell", name="photo sync", exact=True).is_visible()
    page.screenshot(path=output_dir / "account.png", full_page=True)

    with httpx.Client(base_url=asgi_server, headers={"Authorization": f"Token {key}"}) as api:
        uploads = api.get("/api/uploads/")
        assert uploads.status_code == 200
        assert upload_id in uploads.text  # the visitor's upload is the account's now
        upload = api.get(f"/api/uploads/{upload_id}/").json()
        track_id = _first_track_id(upload)
        track = api.get(f"/api/tracks/{track_id}/")
        assert track.status_code == 200 and track.json()["id"] == track_id
        mp3_url = _mp3_url(api, track_id)
        mp3 = api.get(mp3_url)  # the signed address the API handed out
        assert mp3.status_code == 200 and mp3.headers["content-type"] == "audio/mpeg"
        assert mp3.content[:3] == b"ID3" or mp3.content[0] == 0xFF  # an MP3 stream
        unsigned = f"/tracks/{track_id}/audio.mp3"  # the owner's own address, by token alone
        assert api.get(unsigned).status_code == 200

        page.get_by_role("button", name="Revoke photo sync").click()
        page.wait_for_selector("text=The token is revoked")

        assert api.get("/api/uploads/").status_code == 401
        assert api.get(unsigned).status_code == 404
    assert page.js_errors == []
    assert page.csp_violations == []


def _mp3_url(api: httpx.Client, track_id: str) -> str:
    # The MP3 is its own job after the track: wait for its address to appear.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        url = api.get(f"/api/tracks/{track_id}/").json()["audio"]["mp3"]
        if url:
            return url
        time.sleep(0.25)
    raise AssertionError("the track's MP3 was not made")


def _first_track_id(upload: dict) -> str:
    for key in ("tracks", "latest_track", "track"):
        value = upload.get(key)
        if isinstance(value, list) and value:
            return value[0]["id"]
        if isinstance(value, dict):
            return value["id"]
    raise AssertionError(f"no track in {sorted(upload)}")


def test_no_page_breaks_the_content_security_policy(asgi_server, page, output_dir):
    page.goto(asgi_server + "/")
    page.set_input_files("#id_image", str(factories.photo_path("flower.jpg")))
    page.select_option("#id_duration", "10")
    page.get_by_role("button", name="Make music").click()
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    page.get_by_role("link", name="Open the results page").click()
    page.wait_for_function("() => document.querySelector('.player audio').duration > 0")
    for path in ["/dreams/", "/stories/", "/accounts/signup/", "/accounts/login/"]:
        page.goto(asgi_server + path)
        page.wait_for_load_state("networkidle")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.csp_violations == []
    assert page.js_errors == []
