from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile
from django.core.management import call_command

DATA = Path(__file__).with_name("data")
# The voice and pace PocketSphinx's US English model follows best among espeak-ng's.
VOICE, SPEED = "en-us+f2", "120"


@pytest.fixture
def symbols(db):
    """The shipped symbol dictionary."""
    call_command("loaddata", "initial_symbols", verbosity=0)


@pytest.fixture
def labelled() -> list[dict]:
    return json.loads((DATA / "labelled_dreams.json").read_text(encoding="utf-8"))


def spoken(text: str, tmp_path: Path) -> bytes:
    """`text` spoken by espeak-ng, as WAV bytes (22.05 kHz mono)."""
    path = tmp_path / "spoken.wav"
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", SPEED, "-w", str(path), text], check=True)
    return path.read_bytes()


def silence(seconds: float = 2.0, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    soundfile.write(out, np.zeros(int(seconds * rate), dtype=np.float32), rate, format="WAV",
                    subtype="PCM_16")
    return out.getvalue()


def tone(seconds: float = 1.0, rate: int = 16000, fmt: str = "WAV") -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    out = io.BytesIO()
    soundfile.write(out, (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate,
                    format=fmt)
    return out.getvalue()
