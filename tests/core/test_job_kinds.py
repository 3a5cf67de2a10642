"""The kind → model registry, and finding a job of each kind by its id."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core import job_kinds
from core.models import Job
from core.ownership import Owner
from core.selectors import job_get

pytestmark = pytest.mark.django_db

ALICE = Owner(session_key="alice-session")
BOB = Owner(session_key="bob-session")
CONCRETE_JOBS = {"caption": "captioning.CaptionJob", "track": "music.TrackJob",
                 "encode": "music.EncodeJob", "dream": "dreams.DreamJob",
                 "transcription": "dreams.TranscriptionJob", "story": "stories.StoryJob",
                 "demo": "demo.DemoJob"}


def _row(model: type[models.Model]) -> models.Model:
    """A row with only what the database requires, its relations made the same way."""
    values: dict = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or \
                getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            continue
        if field.name == "session_key":
            values[field.name] = ALICE.session_key
        elif field.is_relation:
            values[field.name] = _row(field.related_model)
        elif field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.FloatField | models.IntegerField):
            values[field.name] = 1
        else:
            values[field.name] = "x"
    return model.objects.create(**values)


def test_the_registry_maps_every_concrete_job_model_by_its_kind():
    by_kind = {kind: job_kinds.job_model(kind)._meta.label for kind in CONCRETE_JOBS}
    assert by_kind == CONCRETE_JOBS
    concrete = {m._meta.label for m in apps.get_models() if issubclass(m, Job)}
    registered = {m._meta.label for m in job_kinds.job_models()}
    assert registered == concrete == set(CONCRETE_JOBS.values())
    assert job_kinds.job_model("nonsense") is None


@pytest.mark.parametrize("kind", sorted(CONCRETE_JOBS))
def test_job_get_finds_a_job_of_each_kind(kind):
    model = job_kinds.job_model(kind)
    job = _row(model)
    assert job_get(owner=ALICE, job_id=job.pk) == job  # from the id alone: table by table
    assert job_get(owner=ALICE, job_id=job.pk, kind=kind) == job
    assert job_get(owner=BOB, job_id=job.pk, kind=kind) is None  # someone else's
    other = next(k for k in CONCRETE_JOBS if k != kind)
    assert job_get(owner=ALICE, job_id=job.pk, kind=other) is None  # one table: that kind's


def test_two_models_of_one_kind_are_refused(monkeypatch):
    demo = job_kinds.job_model("demo")
    monkeypatch.setattr(apps, "get_models", lambda: [demo, demo])
    job_kinds._by_kind.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="both have kind 'demo'"):
            job_kinds.job_models()
    finally:
        monkeypatch.undo()
        job_kinds._by_kind.cache_clear()
