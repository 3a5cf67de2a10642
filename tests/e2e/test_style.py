from __future__ import annotations

import re

import pytest

from tests.uploads import factories

pytestmark = pytest.mark.e2e


def _bpm(text: str) -> int:
    return int(re.search(r"(\d+) BPM", text).group(1))


def test_a_style_typed_on_the_page_steers_the_music(asgi_server, page, output_dir):
    page.goto(asgi_server + "/")
    style = page.get_by_label("Style")
    assert style.is_visible() and style.get_attribute("maxlength") == "200"
    page.screenshot(path=output_dir / "1-upload-with-style.png", full_page=True)

    style.fill("calm piano")
    page.select_option("#id_duration", "10")
    page.set_input_files("#id_image", str(factories.photo_path("china.jpg")))
    page.get_by_role("button", name="Make music").click()
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.locator("#result-style").inner_text() == "Style: “calm piano”"
    calm = _bpm(page.locator("#result-facts").inner_text())
    page.screenshot(path=output_dir / "2-calm-piano.png", full_page=True)

    page.get_by_role("link", name="Open the results page").click()
    assert page.locator("#track-style").inner_text() == "“calm piano”"
    page.fill("#id_style", "fast techno")
    page.get_by_role("button", name="Compose").click()
    page.wait_for_url("**?track=*", timeout=60_000)
    assert page.locator("#track-style").inner_text() == "“fast techno”"
    techno = _bpm(page.locator(".facts").inner_text())
    assert calm < 90 < 125 <= techno
    assert page.get_by_text("“calm piano”").count() >= 1  # still listed among the versions
    page.screenshot(path=output_dir / "3-fast-techno.png", full_page=True)
    assert page.js_errors == []
