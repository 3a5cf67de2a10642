from __future__ import annotations

import factory
from django.conf import settings
from rest_framework.authtoken.models import Token

from accounts.models import ApiToken

PASSWORD = "pass-12345678"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with an account; the password is PASSWORD unless given."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.django.Password(PASSWORD)


class TokenFactory(factory.django.DjangoModelFactory):
    """An API key of the `Authorization: Token <key>` header (DRF authtoken)."""

    class Meta:
        model = Token

    user = factory.SubFactory(UserFactory)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A named token row as the account page lists it (only the key's hash is kept)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"token {n}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.LazyAttribute(lambda token: token.key_hash[-8:])
