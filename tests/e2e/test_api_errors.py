"""A refused input on a page: the label the person sees there, and one sentence."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

ASK = """async (body) => {
  const response = await fetch("/api/stories/", {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "Accept": "application/json",
              "X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)[1]},
    body: JSON.stringify(body)});
  const data = await response.json();
  return [data.error.message, window.ReverieErrors.sentence(
    data.error, document.getElementById("story-form"), "fallback")];
}"""


def test_the_story_form_says_the_api_error_with_its_own_labels(asgi_server, page):
    page.goto(asgi_server + "/stories/new/")
    book = {"protagonist": "a cat", "theme": "a lost hat", "age_band": "3-5", "pages": 2}
    api, shown = page.evaluate(ASK, book)
    assert api == "Pages: choose between 4 and 12."
    assert shown == "Pages: choose between 4 and 12."

    api, shown = page.evaluate(ASK, {**book, "pages": 4, "age_band": "1-2"})
    assert api.startswith('Age band: "1-2" is not a valid choice; choose one of: 3-5,')
    # The form calls it "Reader's age": the page says that.
    assert shown == ("Reader's age: \"1-2\" is not a valid choice; "
                     "choose one of: 3-5, 6-8, 9-12.")
    assert not page.js_errors
