from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def make_story(django_capture_on_commit_callbacks):
    """POST a story as `client` and run its job right away (the inline runner); returns the
    201 body."""

    def make(client: APIClient, **fields) -> dict:
        body = {"protagonist": "cat", "theme": "a lost balloon at the beach",
                "age_band": "6-8", "pages": 4, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/stories/", body, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return make
