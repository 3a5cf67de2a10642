"""Instrument tones are built as a composing process starts, not in its first tracks."""

from __future__ import annotations

import threading

import pytest

from core.backends import backends_warm_up
from music import warm_up
from music.backends.offline import OfflineComposer
from music.composer.prompts import prompt_for_mood
from music.sound.synth import tone


@pytest.fixture
def cold(monkeypatch):
    """A process that has built no tone yet."""
    monkeypatch.setattr(warm_up, "_done", False)
    tone.cache_clear()
    yield
    tone.cache_clear()


def test_after_the_warm_up_a_new_piece_builds_no_tone(cold):
    OfflineComposer().warm_up()
    built = tone.cache_info().currsize
    assert built > 300  # the tones of the sample pieces, all kept
    misses = tone.cache_info().misses
    prompt = prompt_for_mood(valence=0.35, arousal=-0.2, hue=48, warmth=0.4, texture=0.3)
    OfflineComposer().compose(prompt.text, duration=30, seed=424242)
    assert tone.cache_info().misses == misses  # every tone it played was ready


def test_the_tones_are_built_once_whoever_asks_first(cold):
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(warm_up.tones_prebuild(60)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, 60]
    assert tone.cache_info().misses == 60


def test_the_celery_worker_builds_them_before_it_forks(cold, settings):
    from config.celery import _check_settings

    _check_settings()  # its worker_init handler: settings checked, then backends warmed up
    assert tone.cache_info().currsize > 300


def test_the_in_process_server_builds_them_in_the_background(cold):
    backends_warm_up(background=True)
    thread = next(t for t in threading.enumerate() if t.name == "reverie-warm-up")
    thread.join(120)
    assert tone.cache_info().currsize > 300
