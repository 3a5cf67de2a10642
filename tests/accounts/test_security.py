from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery 9"


def _sign_in(client, password: str, username: str = "ada", address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    get_user_model().objects.create_user("ada", password=PASSWORD)
    for _ in range(4):
        assert _sign_in(client, "wrong").status_code == 200
    locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "paused" in locked.content.decode()

    assert _sign_in(client, PASSWORD, address="10.9.9.9").status_code == 429  # per account
    assert "_auth_user_id" not in client.session


def test_an_address_guessing_many_accounts_is_locked_out(client):
    get_user_model().objects.create_user("zed", password=PASSWORD)
    for number in range(5):
        _sign_in(client, "wrong", username=f"guess{number}")
    assert _sign_in(client, PASSWORD, username="zed").status_code == 429
    assert _sign_in(client, PASSWORD, username="zed", address="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    get_user_model().objects.create_user("ada", password=PASSWORD)
    for _ in range(5):
        _sign_in(client, "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get(
        username="ada").attempt_time - timedelta(minutes=16))
    assert _sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/", "/dreams/", "/stories/", "/accounts/login/",
                                  "/accounts/signup/"])
def test_every_page_carries_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(item.strip().split(" ", 1) for item in policy.split(";") if item.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline'
    assert "blob:" in directives["media-src"]
    assert directives["connect-src"] == "'self' ws: wss:"


def test_no_template_has_inline_script_or_style():
    from pathlib import Path

    from django.conf import settings

    roots = [Path(settings.BASE_DIR)]
    offenders = []
    for root in roots:
        for template in root.glob("**/templates/**/*.html"):
            if ".venv" in template.parts:
                continue
            text = template.read_text()
            for needle in ("<script>", "style=", " onclick=", " onload=", "<style"):
                if needle in text:
                    offenders.append(f"{template}: {needle}")
    assert offenders == []
