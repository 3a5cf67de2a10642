"""Who owns what: a signed-in user, or an anonymous visitor identified by their session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db import models, transaction
from django.dispatch import receiver
from django.http import HttpRequest

from core.models import Owned

SESSION_OWNER_KEY = "reverie_owner"
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Owner:
    user_id: int | None = None
    session_key: str = ""

    @property
    def group(self) -> str:
        """The channel-layer group that receives this owner's job updates."""
        if self.user_id is not None:
            return f"owner.user-{self.user_id}"
        return f"owner.session-{self.session_key}"

    def filter(self, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if self.user_id is not None:
            return queryset.filter(user_id=self.user_id)
        if not self.session_key:
            return queryset.none()
        return queryset.filter(user__isnull=True, session_key=self.session_key)

    def fields(self) -> dict[str, Any]:
        """Keyword arguments that make a new Owned row belong to this owner."""
        if self.user_id is not None:
            return {"user_id": self.user_id, "session_key": ""}
        return {"user_id": None, "session_key": self.session_key}


def owner_of(obj: Owned) -> Owner:
    return Owner(user_id=obj.user_id, session_key=obj.session_key)


def request_owner(request: HttpRequest) -> Owner:
    """The owner of what this request makes; an anonymous visitor gets a session on demand."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Owner(user_id=user.pk)
    key = request.session.get(SESSION_OWNER_KEY)
    if not key:
        key = secrets.token_hex(16)
        request.session[SESSION_OWNER_KEY] = key
    return Owner(session_key=key)


def request_owner_or_none(request: HttpRequest) -> Owner | None:
    """Like request_owner, but never starts a session: for reads."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Owner(user_id=user.pk)
    key = request.session.get(SESSION_OWNER_KEY)
    return Owner(session_key=key) if key else None


def owned_models() -> list[type[Owned]]:
    return [m for m in apps.get_models() if issubclass(m, Owned)]


@receiver(user_logged_in)
def _adopt_session_objects(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any):
    # What a visitor made before signing in becomes theirs; the session survives the login
    # (Django keeps its data when it rotates the key), so the owner key is still there.
    if request is None or not hasattr(request, "session"):
        return
    key = request.session.get(SESSION_OWNER_KEY)
    if not key:
        return
    with transaction.atomic():
        for model in owned_models():
            model.objects.filter(user__isnull=True, session_key=key).update(
                user=user, session_key=""
            )
