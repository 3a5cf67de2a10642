from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import ApiToken
from core.ownership import SESSION_OWNER_KEY
from tests.accounts.factories import ApiTokenFactory, TokenFactory
from tests.core.factories import DemoJobFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery 9"


def _user(name: str = "ada", **fields):
    return get_user_model().objects.create_user(name, password=PASSWORD, **fields)


def test_sign_up_signs_in_and_takes_over_what_the_visitor_made(client):
    session = client.session
    session[SESSION_OWNER_KEY] = "visitor-1"
    session.save()
    job = DemoJobFactory(session_key="visitor-1")

    response = client.post("/accounts/signup/", {
        "username": "newbie", "email": "n@example.com",
        "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/"
    user = get_user_model().objects.get(username="newbie")
    job.refresh_from_db()
    assert job.user_id == user.pk and job.session_key == ""
    assert client.get("/accounts/").context["user"] == user


def test_sign_up_with_mismatched_passwords_says_so_and_makes_nobody(client):
    response = client.post("/accounts/signup/", {
        "username": "x", "password1": PASSWORD, "password2": PASSWORD + "!"})
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_token_made_on_the_account_page_works_until_revoked(client):
    client.force_login(_user())
    page = client.post("/accounts/", {"name": "photo sync"}).content.decode()
    key = re.search(r'id="new-token-key">([0-9a-f]{40})<', page).group(1)
    token = ApiToken.objects.get()
    assert token.name == "photo sync" and key not in token.key_hash  # only its hash is kept

    program = APIClient()
    program.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert program.get("/api/uploads/").status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None
    assert "photo sync" in client.get("/accounts/").content.decode()
    assert key not in client.get("/accounts/").content.decode()  # shown once only

    client.post(f"/accounts/tokens/{token.pk}/revoke/")

    refused = program.get("/api/uploads/")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["error"]["message"].lower() or refused.json()


def test_one_cannot_revoke_someone_elses_token(client):
    other = _user("bob")
    ApiTokenFactory(user=other)
    client.force_login(_user())
    client.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/")
    assert ApiToken.objects.filter(user=other).exists()


def test_drf_create_token_tokens_still_work():
    token = TokenFactory()
    program = APIClient()
    program.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert program.get("/api/uploads/").status_code == 200


def test_account_page_needs_a_sign_in(client):
    response = client.get("/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_reset_sends_a_mail_whose_link_sets_a_new_password(client):
    _user(email="ada@example.com")
    response = client.post("/accounts/password_reset/", {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.com"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "a new one 77 x",
                                            "new_password2": "a new one 77 x"})

    assert get_user_model().objects.get(username="ada").check_password("a new one 77 x")


def test_header_links_to_sign_in_up_and_account(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/' in page and 'href="/accounts/login/' in page
    client.force_login(_user())
    assert 'href="/accounts/"' in client.get("/").content.decode()
