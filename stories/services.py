"""Making storybooks: create (typed or spoken theme), write and illustrate, share, delete."""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.backends import BackendError, backend
from core.backpressure import jobs_admit
from core.contracts import Moderator, Transcriber
from core.errors import InputRejected
from core.jobs import Progress, job_enqueue
from core.korean import is_korean
from core.ownership import Owner
from stories.backends.base import Book, Illustrator, StoryWriter
from stories.backends.characters import PRESETS
from stories.models import Story, StoryJob, StoryPage
from stories.reading import band_problem, reading_grade

log = logging.getLogger(__name__)

# Kind words for a refused idea, each with another idea to try (chosen by the refused text,
# so asking again with the same words gets the same answer).
# Marked for the catalog here, translated when a refusal is said.
IDEAS = (
    gettext_noop("a picnic with a friendly bear"),
    gettext_noop("a lost kite on a windy day"),
    gettext_noop("a brand-new friend at school"),
    gettext_noop("a trip to the moon in a cardboard rocket"),
    gettext_noop("a garden that grows giant strawberries"),
    gettext_noop("a snowy day and a warm cup of cocoa"),
    gettext_noop("a puppy who learns to swim"),
    gettext_noop("a treasure map that leads to a birthday surprise"),
)
HEROES = (
    gettext_noop("a brave little fox"),
    gettext_noop("a kind robot with a squeaky wheel"),
    gettext_noop("a sleepy dragon"),
    gettext_noop("a curious rabbit in a blue scarf"),
    gettext_noop("a penguin who loves to paint"),
)
THEME_REFUSED = _("Let's pick a different idea — how about {idea}? Storybooks here are for "
                  "children, so themes stay gentle and kind.")
HERO_REFUSED = _("Let's pick a different hero — how about {idea}? Storybooks here are for "
                 "children, so heroes stay gentle and kind.")
BOOK_REFUSED = _("This story did not turn out gentle enough for a children's book, so we "
                 "stopped. Please try again, perhaps with another theme.")


class StoryRefused(InputRejected):
    """The theme or protagonist is not fit for a children's book; `message` says so kindly
    and `field` names the input it is about (theme, protagonist or audio)."""

    def __init__(self, message: str = "", *, field: str = "theme") -> None:
        super().__init__(message or THEME_REFUSED.format(idea=gettext(IDEAS[0])),
                         code="theme_refused", field=field)


def story_idea_check(*, text: str, field: str = "theme") -> None:
    """Raise StoryRefused, with another idea to try, unless `text` (a theme, a hero, a spoken
    theme's words) is fit for a children's book."""
    verdict = backend("moderation", Moderator).check(text, policy="children")
    if verdict.allowed:
        return
    log.info("story %s refused (%s)", field, ", ".join(verdict.categories))
    template, ideas = (HERO_REFUSED, HEROES) if field == "protagonist" else (THEME_REFUSED, IDEAS)
    pick = int(hashlib.sha256(text.encode()).hexdigest(), 16) % len(ideas)
    raise StoryRefused(template.format(idea=gettext(ideas[pick])), field=field)


MAX_SEED = 2**31 - 1


def story_language(*, theme: str, language: str | None = None) -> str:
    """The book's language: Korean for a theme written in Hangul (no English book can be
    told from words the reader wrote in Korean), else the one asked for, else the visitor's."""
    if is_korean(theme):
        return "ko"
    chosen = language or translation.get_language() or "en"
    return "ko" if chosen.lower().startswith("ko") else "en"


def story_create(*, owner: Owner, protagonist: str, theme: str, age_band: str, pages: int,
                 style: str = "storybook", seed: int | None = None,
                 language: str | None = None) -> StoryJob:
    """Check the request is fit for children, save the story and start its job. Without a
    `seed` a fresh one is drawn, so asking again for the same theme gives another version;
    `language` ("en" or "ko") defaults to the visitor's (story_language). Raises
    core.errors.Busy, before the (maybe paid) checks, when the owner or the queue has too
    much waiting."""
    jobs_admit(owner=owner)
    story_idea_check(text=theme, field="theme")
    if protagonist.strip().lower() not in PRESETS:
        story_idea_check(text=protagonist, field="protagonist")
    with transaction.atomic():
        story = Story.objects.create(**owner.fields(), protagonist=protagonist.strip(),
                                     theme=theme.strip(), age_band=age_band, page_count=pages,
                                     style=style,
                                     language=story_language(theme=theme, language=language),
                                     seed=secrets.randbelow(MAX_SEED) if seed is None else seed)
        job = StoryJob.objects.create(**owner.fields(), story=story)
        job_enqueue(job)
    return job


def story_theme_transcribe(*, audio: bytes, content_type: str) -> str:
    """The words of a spoken theme. The recording is only held in memory here, never
    stored: once this returns, it is gone."""
    try:
        text = backend("transcription", Transcriber).transcribe(audio, content_type=content_type)
    except BackendError as exc:
        if not exc.permanent:
            raise  # an outage: a 503 like any other
        # The transcriber could not use this recording (unreadable, silent): say so.
        raise InputRejected(exc.message, code="audio_unreadable", field="audio") from exc
    text = " ".join(text.split())
    if not text:
        raise InputRejected(_("No words were heard. Please try again, a little louder."),
                            code="audio_unreadable", field="audio")
    story_idea_check(text=text, field="audio")
    return text


def story_job_execute(job: StoryJob, progress: Progress) -> None:
    """The job: write the book (unless a previous attempt did), then illustrate each page
    not yet illustrated, saving it at once so the reader shows it."""
    story = job.story
    if not story.pages.exists():
        _story_write(story)
    progress(10)
    illustrator = backend("illustration", Illustrator)
    Story.objects.filter(pk=story.pk).update(illustrator=illustrator.provider)
    pages = list(story.pages.all())
    for done, page in enumerate(pages, start=1):
        if not page.image:
            if not _page_illustrate(page, illustrator=illustrator, story=story):
                return  # the story was deleted while we worked
        progress(10 + 89 * done // len(pages))


def _story_write(story: Story) -> None:
    writer = backend("story_writer", StoryWriter)
    book = writer.write(protagonist=story.protagonist, theme=story.theme,
                        age_band=story.age_band, pages=story.page_count, style=story.style,
                        seed=story.seed, language=story.language)
    _book_check(story, book)
    problem = band_problem(book.text, age_band=story.age_band, language=book.language)
    if problem:
        log.warning("story %s reads outside its band: %s", story.pk, problem)
    with transaction.atomic():
        updated = Story.objects.filter(pk=story.pk).update(
            title=book.title[:200], character_sheet=book.character_sheet,
            language=book.language, writer=writer.provider,
            reading_grade=reading_grade(book.text, language=book.language))
        if updated:
            StoryPage.objects.bulk_create(
                StoryPage(story=story, number=number, text=page.text,
                          illustration_prompt=page.illustration_prompt)
                for number, page in enumerate(book.pages, start=1))


def _book_check(story: Story, book: Book) -> None:
    """Every page (its text and its picture's prompt), the title and the character sheet
    must be fit for a child; the first that is not stops the book, for good."""
    moderator = backend("moderation", Moderator)
    context = f"{story.protagonist}\n{story.theme}"
    parts = [f"{book.title}\n{book.character_sheet}"]
    parts += [f"{page.text}\n{page.illustration_prompt}" for page in book.pages]
    for number, text in enumerate(parts):
        verdict = moderator.check(text, policy="children", context=context)
        if not verdict.allowed:
            log.warning("story %s: written %s refused (%s)", story.pk,
                        f"page {number}" if number else "title", ", ".join(verdict.categories))
            raise BackendError(BOOK_REFUSED, permanent=True)


def _page_illustrate(page: StoryPage, *, illustrator, story: Story) -> bool:
    png = illustrator.draw(page.illustration_prompt, seed=int(story.media_key[:8], 16)
                           + page.number)
    name = default_storage.save(f"stories/{story.media_key}/page-{page.number}.png",
                                ContentFile(png))
    if not StoryPage.objects.filter(pk=page.pk).update(image=name):
        default_storage.delete(name)
        return False
    return True


def story_delete(*, story: Story) -> None:
    """Delete the story, its pages and their pictures."""
    with transaction.atomic():
        # Pages locked: a picture being stored now is listed here, or finds its page gone.
        pages = story.pages.select_for_update().values_list("image", flat=True)
        names = [name for name in pages if name]
        story.delete()
        transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not delete %s", name, exc_info=True)


def story_share(*, story: Story) -> str:
    """Turn on the read-only link (or keep the one there is); returns its token."""
    if not story.share_token:
        story.share_token = secrets.token_urlsafe(24)
        story.save(update_fields=["share_token"])
    return story.share_token


def story_unshare(*, story: Story) -> None:
    """Revoke the read-only link: its address answers 404 from now on."""
    story.share_token = None
    story.save(update_fields=["share_token"])
