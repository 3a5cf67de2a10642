"""Backends for service tests that watch the job from inside: what the reader would see at the
moment each picture is drawn. They are configured through AI_BACKENDS like any provider."""

from __future__ import annotations

from dataclasses import replace

from core.backends import BackendError
from stories.backends.base import Book
from stories.backends.illustration import OfflineIllustrator
from stories.backends.writer import OfflineStoryWriter
from stories.models import StoryJob, StoryPage

seen: list[dict] = []
failures: dict[str, int] = {}


class WatchingIllustrator(OfflineIllustrator):
    """Records, at every picture, how many pages already had theirs and the job's progress;
    fails transiently on the page named in failures["page"] (failures["times"] times)."""

    def draw(self, prompt: str, *, seed: int = 0) -> bytes:
        page = StoryPage.objects.get(illustration_prompt=prompt, image="")
        job = StoryJob.objects.get(story_id=page.story_id)
        seen.append({"page": page.number, "progress": job.progress,
                     "illustrated": StoryPage.objects.filter(story_id=page.story_id)
                     .exclude(image="").count()})
        if page.number == failures.get("delete_at"):
            from stories.services import story_delete

            story_delete(story=page.story)  # the person deletes the book mid-way
        if page.number == failures.get("page") and failures.get("times", 0) > 0:
            failures["times"] -= 1
            raise BackendError("The illustration service is busy.")
        return super().draw(prompt, seed=seed)


class SlowIllustrator(OfflineIllustrator):
    """The offline painter, slowed down so a browser can watch the pages arrive one by one."""

    def draw(self, prompt: str, *, seed: int = 0) -> bytes:
        import time

        time.sleep(float(self.options.get("seconds", 0.6)))
        return super().draw(prompt, seed=seed)


class TurningWriter(OfflineStoryWriter):
    """The offline writer, except that page options["page"] turns to options["text"]."""

    def write(self, **ask) -> Book:
        book = super().write(**ask)
        number = int(self.options.get("page", 3))
        pages = [replace(page, text=self.options["text"]) if n == number else page
                 for n, page in enumerate(book.pages, start=1)]
        return replace(book, pages=pages)
