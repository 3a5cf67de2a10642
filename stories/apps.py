from __future__ import annotations

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"

    def ready(self) -> None:
        from core.backends import backend_kind_register
        from core.media import share_check_register
        from stories.backends.base import Illustrator, StoryWriter
        from stories.models import SHARE_KIND, share_active

        share_check_register(SHARE_KIND, share_active)
        backend_kind_register("story_writer", StoryWriter)
        backend_kind_register("illustration", Illustrator)
