"""In real processes: a server whose OGG encoder segfaults keeps serving everyone, and the
compose command makes a 90 s OGG (it used to die with signal 11, exit status 139)."""

from __future__ import annotations

import io
import subprocess
import sys
import time

import pytest
import requests
import soundfile

from tests.music.processes import ROOT, free_port, project_env
from tests.uploads import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def crashing_server(tmp_path):
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen([sys.executable, "-m", "tests.music.crashing_server", str(port)],
                               cwd=ROOT, env=project_env(tmp_path), stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{base}/api/", timeout=10)
            break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the server did not start:\n{log.read()}")
            time.sleep(0.2)
    yield base, process
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    log.close()


def _wait_for_track(session: requests.Session, base: str, upload_id: str,
                    process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server died (exit status {process.returncode})"
        tracks = session.get(f"{base}/api/uploads/{upload_id}/", timeout=10).json()["tracks"]
        if tracks:
            return session.get(f"{base}/api/tracks/{tracks[0]['id']}/", timeout=10).json()
        time.sleep(0.5)
    pytest.fail("the track was not made")


def test_a_segfaulting_encoder_fails_its_file_and_the_server_keeps_serving(crashing_server):
    base, process = crashing_server
    owner, other = requests.Session(), requests.Session()
    with factories.photo_path().open("rb") as image:
        created = owner.post(f"{base}/api/uploads/", files={"image": ("china.jpg", image)},
                             data={"duration": "10", "seed": "2"}, timeout=60)
    assert created.status_code == 201, created.text
    track = _wait_for_track(owner, base, created.json()["id"], process)

    ogg_url = f"{base}/tracks/{track['id']}/audio.ogg"
    for _ in range(2):  # the OGG's encode job crashed; asking again crashes again
        ogg = owner.get(ogg_url, timeout=60)
        # 503 while its encode job is still being retried, 409 once it has failed for good
        assert ogg.status_code in {503, 409}
        assert "could not be made" in ogg.text and "try again" in ogg.text.lower()
    assert process.poll() is None  # the server is still there

    wav = owner.get(track["audio"]["wav"], timeout=60)
    mp3 = owner.get(track["audio"]["mp3"], timeout=60)
    assert wav.headers["Content-Type"] == "audio/wav"
    assert abs(soundfile.info(io.BytesIO(wav.content)).duration - 10) < 0.05
    assert mp3.status_code == 200 and mp3.headers["Content-Type"] == "audio/mpeg"
    assert abs(len(soundfile.read(io.BytesIO(mp3.content))[0]) / 44100 - 10) < 0.05
    assert other.get(f"{base}/", timeout=30).status_code == 200  # every other visitor too
    assert owner.get(f"{base}/api/jobs/{created.json()['track_job']['id']}/",
                     timeout=30).json()["status"] == "succeeded"


def test_compose_writes_a_90_second_ogg(tmp_path):
    out = tmp_path / "long.ogg"
    done = subprocess.run([sys.executable, "manage.py", "compose", str(factories.photo_path()),
                           "--duration", "90", "--seed", "4", "--out", str(out)],
                          cwd=ROOT, env=project_env(tmp_path), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}" in done.stdout
    info = soundfile.info(str(out))
    assert (info.format, info.subtype, info.samplerate, info.channels) == ("OGG", "VORBIS",
                                                                          44100, 2)
    audio, _ = soundfile.read(str(out), dtype="float32")
    assert abs(len(audio) / 44100 - 90) < 0.05
    assert out.with_suffix(".mid").stat().st_size > 100
