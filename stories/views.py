from __future__ import annotations

import json
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.ownership import request_owner_or_none
from stories.apis import pdf_response
from stories.backends.base import DEFAULT_PAGES, MAX_PAGES, MIN_PAGES, STYLES
from stories.backends.characters import PRESETS
from stories.backends.ko_words import PRESET_KO
from stories.models import SHARE_KIND, Story
from stories.selectors import story_get, story_get_shared, story_list
from stories.serializers import StorySerializer
from stories.services import story_language


def story_library(request: HttpRequest) -> HttpResponse:
    stories = story_list(owner=request_owner_or_none(request))
    return render(request, "stories/library.html", {"stories": stories})


# What the form calls each preset hero and art style, in the visitor's language.
HERO_KINDS = {"boy": _("Boy"), "girl": _("Girl"), "cat": _("Cat"), "frog": _("Frog"),
              "rabbit": _("Rabbit"), "robot": _("Robot"), "dragon": _("Dragon"),
              "princess": _("Princess")}
STYLE_NAMES = {"storybook": _("Storybook"), "watercolour": _("Watercolour"),
               "crayon": _("Crayon"), "paper-cut": _("Paper cut"), "pixel": _("Pixel art")}


def story_new(request: HttpRequest) -> HttpResponse:
    language = story_language(theme="")
    # Each hero with the name it has in a book of the form's default language.
    heroes = [(key, HERO_KINDS[key], PRESET_KO[key][0] if language == "ko" else hero.name)
              for key, hero in PRESETS.items()]
    return render(request, "stories/new.html", {
        "heroes": heroes, "styles": [(key, STYLE_NAMES[key]) for key in STYLES],
        "age_bands": Story.AgeBand.choices,
        "min_pages": MIN_PAGES, "max_pages": MAX_PAGES, "default_pages": DEFAULT_PAGES,
        "languages": Story.Language.choices, "language": language})


def story_reader(request: HttpRequest, story_id: uuid.UUID) -> HttpResponse:
    story = story_get(owner=request_owner_or_none(request), story_id=story_id)
    if story is None:
        raise Http404
    return render(request, "stories/reader.html", {
        "story": story, "job": story.job, "shared": False, "ask_json": story_ask_json(story),
        "data": StorySerializer(story, context={"request": request}).data})


def story_ask_json(story: Story) -> str:
    # What was asked for, so "Another version" can ask again with only the seed changed.
    return json.dumps({"protagonist": story.protagonist, "theme": story.theme,
                       "age_band": story.age_band, "pages": story.page_count,
                       "style": story.style, "language": story.language})


def story_shared(request: HttpRequest, token: str) -> HttpResponse:
    story = story_get_shared(token=token)
    if story is None:
        raise Http404
    share = (SHARE_KIND, token)
    data = StorySerializer(story, context={"request": request, "share": share}).data
    data["pdf_url"] = f"/s/{token}/pdf" if data["pdf_url"] else None
    data["share_url"] = None
    return render(request, "stories/reader.html", {"story": story, "shared": True,
                                                   "data": data})


def story_shared_pdf(request: HttpRequest, token: str) -> HttpResponse:
    story = story_get_shared(token=token)
    if story is None:
        raise Http404
    return pdf_response(story)
