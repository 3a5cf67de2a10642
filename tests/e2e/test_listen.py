from __future__ import annotations

import pytest

from tests.uploads import factories

pytestmark = pytest.mark.e2e

CONTENT_TYPES = {"WAV": "audio/wav", "MP3": "audio/mpeg", "OGG": "audio/ogg",
                 "MIDI": "audio/midi"}


def test_upload_listen_and_download(asgi_server, page, output_dir):
    page.goto(asgi_server + "/")
    page.screenshot(path=output_dir / "1-empty.png", full_page=True)
    assert page.get_by_text("Nothing yet.").is_visible()

    page.select_option("#id_duration", "10")
    page.set_input_files("#id_image", str(factories.photo_path("flower.jpg")))
    page.get_by_role("button", name="Make music").click()

    # Progress is shown while the jobs run, then the result appears in place.
    page.wait_for_selector("#progress:not([hidden])")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.locator("#track-status").inner_text() == "Done"
    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100

    duration = page.wait_for_function(
        "() => { const a = document.querySelector('#result audio');"
        " return a && a.readyState >= 1 && a.duration > 0 ? a.duration : false; }",
        timeout=20_000).json_value()
    assert 9.5 < duration < 10.5
    page.screenshot(path=output_dir / "2-result.png", full_page=True)

    links = page.locator("#result .downloads a")
    assert links.count() == 4
    for index in range(links.count()):
        link = links.nth(index)
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == CONTENT_TYPES[link.inner_text()]
        assert "attachment" in response.headers["content-disposition"]

    page.get_by_role("link", name="Open the results page").click()
    page.wait_for_selector(".player audio")
    assert page.locator(".caption-text").inner_text()
    page.wait_for_function("() => document.querySelector('.player audio').duration > 0")
    page.screenshot(path=output_dir / "3-results-page.png", full_page=True)

    # Another version with a different mood, through the page's form and live progress.
    page.fill("#id_seed", "1234")
    page.locator("#id_valence").fill("-0.8")
    page.get_by_role("button", name="Compose").click()
    page.wait_for_url("**?track=*", timeout=60_000)
    assert page.get_by_text("seed 1234").count() >= 1
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=output_dir / "4-phone.png", full_page=True)
    assert page.js_errors == []


def test_a_bad_file_shows_a_clear_message(asgi_server, page, output_dir, tmp_path):
    fake = tmp_path / "notes.jpg"
    fake.write_bytes(b"these are my notes, not a picture\n" * 10)
    page.goto(asgi_server + "/")
    page.set_input_files("#id_image", str(fake))
    page.get_by_role("button", name="Make music").click()
    error = page.locator("#image-error")
    error.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('#image-error').textContent.length > 0")
    assert "not a picture we can read" in error.inner_text()
    page.screenshot(path=output_dir / "bad-file.png")


def test_progress_falls_back_to_polling_without_a_socket(asgi_server, page, output_dir):
    # A browser (or proxy) without WebSockets: the page must still follow the jobs.
    page.add_init_script("window.WebSocket = undefined;")
    polled: list[str] = []
    page.on("request", lambda request: polled.append(request.url)
            if "/api/jobs/" in request.url else None)
    page.goto(asgi_server + "/")
    page.select_option("#id_duration", "10")
    page.set_input_files("#id_image", str(factories.photo_path("china.jpg")))
    page.get_by_role("button", name="Make music").click()
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert polled, "the page never polled /api/jobs/"
    page.screenshot(path=output_dir / "polled-result.png", full_page=True)
    assert page.js_errors == []
