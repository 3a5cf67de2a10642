"""The backend loader: a class named by AI_BACKENDS, or an error naming the setting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.backends import backend, backend_class
from core.checks import backends_check
from music.backends.offline import OfflineComposer

MISSING = {"BACKEND": "music.backends.nowhere.Composer", "OPTIONS": {}}


def test_the_loader_returns_the_configured_class_and_one_instance_of_it():
    assert backend_class("music") is OfflineComposer
    assert isinstance(backend("music"), OfflineComposer)
    assert backend("music") is backend("music")


def test_a_path_that_does_not_import_is_reported_with_the_setting_and_the_path(settings):
    settings.AI_BACKENDS = {**settings.AI_BACKENDS, "music": MISSING}
    with pytest.raises(ImproperlyConfigured) as raised:
        backend("music")
    assert "AI_BACKENDS['music']['BACKEND']" in str(raised.value)
    assert "music.backends.nowhere.Composer" in str(raised.value)
    [error] = backends_check()
    assert error.id == "core.E002" and "music.backends.nowhere.Composer" in error.msg


def test_an_unknown_kind_names_the_setting():
    with pytest.raises(ImproperlyConfigured, match="AI_BACKENDS has no 'lute' entry"):
        backend("lute")


def test_the_offline_defaults_pass_the_start_up_check():
    assert backends_check() == []
