"""The README's curl examples, run as written against a live server.

Every ```sh block's curl command is run with curl itself, in the order the README gives them,
after putting in what a reader would: the server's address, a token (made here as
`drf_create_token` makes one), the files it names, and the ids earlier answers returned
(UPLOAD_ID, JOB_ID, DREAM_ID, STORY_ID). Each must answer 2xx with JSON (or, with -o, write
the file). No cookie is kept between commands, as with curl on a command line.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image
from rest_framework.authtoken.models import Token

from tests.dreams.conftest import spoken

README = Path(__file__).resolve().parents[1] / "README.md"
HOST = "http://127.0.0.1:8000"
PLACEHOLDER = re.compile(r"\b[A-Z]+_ID\b")
# POST /api/<collection>/ answers the id a later example names by this placeholder.
CREATED = {"uploads": "UPLOAD_ID", "dreams": "DREAM_ID", "stories": "STORY_ID"}

CI = os.getenv("CI", "").lower() in {"1", "true", "yes"}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # With CI=true nothing is skipped (.ci/run installs curl): a missing curl fails loudly.
    pytest.mark.skipif(shutil.which("curl") is None and not CI,
                       reason="curl is not installed: apt-get install -y curl"),
]


def readme_curl_commands(text: str) -> list[list[str]]:
    """The curl commands of the README's sh blocks, continuation lines joined, comments off."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "curl":
                commands.append(words)
    return commands


def test_readme_has_the_examples_this_test_runs():
    commands = readme_curl_commands(README.read_text(encoding="utf-8"))
    urls = [word for command in commands for word in command if word.startswith(HOST)]
    assert f"{HOST}/api/uploads/UPLOAD_ID/" in urls and f"{HOST}/api/jobs/JOB_ID/" in urls
    assert len(commands) >= 12
    # A program keeps no cookie: everything it makes it reaches again with its token.
    for command in commands:
        if any(PLACEHOLDER.search(word) for word in command):
            assert "Authorization: Token KEY" in command, command


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    rows = np.linspace(0, 1, 480)[:, None, None]
    sky = (1 - rows) * np.array([90, 160, 230]) + rows * np.array([230, 200, 150])
    picture = np.broadcast_to(sky, (480, 640, 3)).astype(np.uint8)
    Image.fromarray(picture).save(tmp_path / "beach.jpg", quality=90)
    (tmp_path / "dream.wav").write_bytes(spoken("I was flying over the sea", tmp_path))
    (tmp_path / "theme.wav").write_bytes(spoken("a frog on a rainy day", tmp_path))
    return {"beach.jpg": tmp_path / "beach.jpg", "dream.wav": tmp_path / "dream.wav",
            "theme.wav": tmp_path / "theme.wav", "book.pdf": tmp_path / "book.pdf"}


def _filled(command: list[str], base: str, key: str, files: dict[str, Path],
            ids: dict[str, str]) -> list[str]:
    out = []
    for word in command:
        word = word.replace(HOST, base).replace("Token KEY", f"Token {key}")
        for name, path in files.items():
            word = word.replace(f"@{name}", f"@{path}")
            if word == name:  # the file of -o
                word = str(path)
        for placeholder in PLACEHOLDER.findall(word):
            assert placeholder in ids, f"{placeholder} comes before any answer gives it"
            word = word.replace(placeholder, ids[placeholder])
        out.append(word)
    return out


def _remember(command: list[str], body: dict, ids: dict[str, str]) -> None:
    url = command[-1]
    posted = any(flag in command for flag in ("-F", "-d"))
    match = re.search(r"/api/([a-z-]+)/$", url)
    if posted and match and match.group(1) in CREATED and "id" in body:
        ids[CREATED[match.group(1)]] = body["id"]
    if isinstance(body.get("job"), dict):
        ids.setdefault("JOB_ID", body["job"]["id"])


def test_readme_curl_examples_answer_2xx_json(live_server, files):
    call_command("loaddata", "initial_symbols", verbosity=0)
    user = get_user_model().objects.create_user("reader", password="not-used-here")
    key = Token.objects.create(user=user).key
    ids: dict[str, str] = {}
    for command in readme_curl_commands(README.read_text(encoding="utf-8")):
        filled = _filled(command, live_server.url, key, files, ids)
        run = subprocess.run([filled[0], "-sS", "-w", "\n%{http_code}", *filled[1:]],
                             capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, (command, run.stderr)
        text, _, status = run.stdout.rpartition("\n")
        assert status.startswith("2"), (command, status, text)
        if "-o" in command:
            written = Path(filled[filled.index("-o") + 1])
            assert written.read_bytes()[:5] == b"%PDF-", command
            continue
        body = json.loads(text)
        _remember(command, body, ids)
        if command[-1].endswith("/api/jobs/JOB_ID/"):
            assert body["status"] == "succeeded", body
            assert body["result_url"].startswith(live_server.url + "/api/")
            assert body["page_url"].startswith(live_server.url + "/")
    assert set(ids) == {"UPLOAD_ID", "JOB_ID", "DREAM_ID", "STORY_ID"}
