"""What makes the cache forget a remembered API key (accounts.services): the token going
(deleting a user deletes its tokens one by one, so this covers it), or any change to its user
(deactivated, made staff, a new password) but a sign-in's last_login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from accounts.models import ApiToken
from accounts.services import key_hash, tokens_forget


@receiver(post_delete, sender=ApiToken, dispatch_uid="api-token-forget")
def _api_token_deleted(sender: Any, instance: ApiToken, **kwargs: Any) -> None:
    tokens_forget([instance.key_hash])


@receiver(post_delete, sender=Token, dispatch_uid="drf-token-forget")
def _drf_token_deleted(sender: Any, instance: Token, **kwargs: Any) -> None:
    tokens_forget([key_hash(instance.key)])


@receiver(post_save, sender=get_user_model(), dispatch_uid="user-tokens-forget-on-save")
def _user_saved(sender: Any, instance: Any, created: bool, update_fields: Any = None,
                **kwargs: Any) -> None:
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    _user_tokens_forget(instance)


def _user_tokens_forget(user: Any) -> None:
    hashes = list(ApiToken.objects.filter(user_id=user.pk).values_list("key_hash", flat=True))
    hashes += [key_hash(key) for key in
               Token.objects.filter(user_id=user.pk).values_list("key", flat=True)]
    tokens_forget(hashes)
