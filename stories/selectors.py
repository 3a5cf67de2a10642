from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from core.ownership import Owner
from stories.models import Story, StoryPage


def _stories() -> QuerySet[Story]:
    return Story.objects.select_related("job").prefetch_related(
        Prefetch("pages", queryset=StoryPage.objects.order_by("number")))


def story_list(*, owner: Owner | None) -> QuerySet[Story]:
    if owner is None:
        return Story.objects.none()
    return owner.filter(_stories()).order_by("-created_at")


def story_get(*, owner: Owner | None, story_id: uuid.UUID | str) -> Story | None:
    """The owner's story; None for anyone else's (they get a 404)."""
    if owner is None:
        return None
    return owner.filter(_stories().filter(pk=story_id)).first()


def story_get_shared(*, token: str) -> Story | None:
    if not token:
        return None
    return _stories().filter(share_token=token).first()
