"""The backend loader: a class named by AI_BACKENDS, or an error naming the setting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from captioning.backends.base import Captioner
from core.backends import Backend, backend, backend_class, backend_kind_register, backend_kinds
from core.checks import backends_check
from music.backends.base import Composer
from music.backends.offline import OfflineComposer

MISSING = {"BACKEND": "music.backends.nowhere.Composer", "OPTIONS": {}}


class HalfComposer(Composer):
    provider = "half"  # forgets compose


def test_the_loader_returns_the_configured_class_and_one_instance_of_it():
    assert backend_class("music", Composer) is OfflineComposer
    assert isinstance(backend("music", Composer), OfflineComposer)
    assert backend("music", Composer) is backend("music", Composer)
    assert backend("music", Backend) is backend("music", Composer)


def test_a_path_that_does_not_import_is_reported_with_the_setting_and_the_path(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": MISSING}
    with pytest.raises(ImproperlyConfigured) as raised:
        backend("music", Composer)
    assert "AI_BACKENDS['music']['BACKEND']" in str(raised.value)
    assert "music.backends.nowhere.Composer" in str(raised.value)
    [error] = backends_check()
    assert error.id == "core.E002" and "music.backends.nowhere.Composer" in error.msg


def test_a_class_of_another_kind_is_refused_naming_the_setting_and_the_base(settings):
    captioner = settings.AI_BACKENDS["captioning"]["BACKEND"]
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": {"BACKEND": captioner}}
    with pytest.raises(ImproperlyConfigured) as raised:
        backend("music", Composer)
    assert f"AI_BACKENDS['music']['BACKEND'] = {captioner!r}" in str(raised.value)
    assert "is not a music.backends.base.Composer" in str(raised.value)
    assert isinstance(backend("music", Captioner), Captioner)
    [error] = backends_check()
    assert error.id == "core.E002"
    assert f"AI_BACKENDS['music']['BACKEND'] = {captioner!r}" in error.msg
    assert "is not a music.backends.base.Composer" in error.msg


def test_a_backend_without_its_job_method_cannot_be_built(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS,
                            "music": {"BACKEND": f"{__name__}.HalfComposer"}}
    with pytest.raises(TypeError, match="compose"):
        backend("music", Composer)


def test_an_unknown_kind_names_the_setting():
    with pytest.raises(ImproperlyConfigured, match="AI_BACKENDS has no 'lute' entry"):
        backend("lute", Backend)


def test_the_offline_defaults_pass_the_start_up_check():
    assert backends_check() == []


def test_each_app_registers_the_base_class_of_the_kinds_it_defines():
    kinds = backend_kinds()
    assert kinds["music"] is Composer and kinds["captioning"] is Captioner
    assert set(kinds) == {"captioning", "music", "transcription", "moderation",
                          "interpretation", "dream_story", "dream_image", "story_writer",
                          "illustration"}


def test_a_kind_no_app_registered_is_a_start_up_error(settings):
    composer = settings.AI_BACKENDS["music"]
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "musik": composer}
    [error] = backends_check()
    assert error.id == "core.E003" and "AI_BACKENDS['musik']" in error.msg
    assert "music" in error.hint


def test_a_registered_kind_missing_from_the_setting_is_a_start_up_error(settings):
    settings.AI_BACKENDS = {kind: entry for kind, entry in settings.AI_BACKENDS.items()
                            if kind != "illustration"}
    [error] = backends_check()
    assert error.id == "core.E004" and "'illustration'" in error.msg
    assert "stories.backends.base.Illustrator" in error.msg


def test_a_kind_cannot_be_registered_with_two_bases():
    backend_kind_register("music", Composer)  # the same again is harmless
    with pytest.raises(ImproperlyConfigured, match="'music' is registered twice"):
        backend_kind_register("music", Captioner)
    assert backend_kinds()["music"] is Composer
