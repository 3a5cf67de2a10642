from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.uploads import factories
from uploads.models import Upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_compose_takes_a_style(tmp_path):
    out, stdout = tmp_path / "piece.wav", io.StringIO()
    call_command("compose", str(factories.photo_path("flower.jpg")), "--duration", "10",
                 "--seed", "3", "--style", "fast techno", "--out", str(out), stdout=stdout)
    assert out.stat().st_size > 100_000 and out.with_suffix(".mid").exists()
    written = stdout.getvalue()
    assert "techno" in written and "Style: fast techno" in written
    bpm = int(written.rsplit(" BPM", 1)[0].rsplit(" ", 1)[1])
    assert 125 <= bpm <= 140
    assert not Upload.objects.exists()  # nothing kept without --keep


def test_compose_refuses_too_long_a_style(tmp_path):
    with pytest.raises(CommandError, match="at most 200 characters"):
        call_command("compose", str(factories.photo_path("flower.jpg")),
                     "--style", "x" * 201, "--out", str(tmp_path / "x.wav"))
