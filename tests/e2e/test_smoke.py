from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_home_page_renders_with_its_script(asgi_server, page, output_dir):
    response = page.goto(asgi_server + "/")
    assert response.status == 200
    assert page.evaluate("typeof window.ReverieJobs.watch") == "function"
    page.screenshot(path=output_dir / "home.png", full_page=True)
    assert page.js_errors == []
