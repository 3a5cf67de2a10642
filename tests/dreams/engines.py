"""Test-only engines wired in through AI_BACKENDS."""

from __future__ import annotations

from dreams.backends.base import DreamContext, DreamStoryteller, StoryResult


class UnsafeStoryteller(DreamStoryteller):
    """A storyteller whose output the word-list moderator refuses."""

    provider = "unsafe"

    def tell(self, dream: DreamContext) -> StoryResult:
        return StoryResult(title="Oops", text="And then there was porn everywhere.")
