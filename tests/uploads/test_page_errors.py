"""The pages say a refused input the way the API does: its label and one sentence."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _results_error(client, upload_id: str, **fields) -> str:
    body = {"duration": 30, "valence": 0, "arousal": 0, "style": "", "seed": "", **fields}
    response = client.post(f"/results/{upload_id}/", body)
    assert response.status_code == 400
    html = response.content.decode()
    return re.search(r'<p id="seed-error" class="field-error">(.*?)</p>', html).group(1)


def test_the_results_form_names_the_field_once_in_one_sentence():
    client = APIClient()
    image = SimpleUploadedFile("sun.jpg", factories.picture((400, 300), colour=(250, 210, 60)),
                               content_type="image/jpeg")
    created = client.post("/api/uploads/", {"image": image, "duration": 10}, format="multipart")
    assert created.status_code == 201, created.content
    upload_id = created.json()["id"]

    # Two fields wrong: the first is said, not both glued together.
    assert _results_error(client, upload_id, duration=500, seed=-1) == (
        "Length: choose between 10 and 120 seconds.")
    assert _results_error(client, upload_id, seed="many") == (
        "Seed: enter a whole number, or leave it empty for a surprise.")
    assert _results_error(client, upload_id, seed=-1) == "Seed: choose between 0 and 2147483647."
