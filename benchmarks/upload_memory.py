"""How much one upload grows the process that takes it: the picture through the real service
(uploads.services.upload_create: validate, decode, normalise, store), on a fresh SQLite
database in a temporary folder.

Cases: one 18.8 MP JPEG, one 39.8 MP JPEG (each just under the 10 MB limit), and four
39.8 MP uploads at once (four threads, four owners). Each case runs in a process of its own
that first makes one small upload (so imports and caches are in place), then measures its
peak resident memory (VmHWM, reset through /proc/self/clear_refs) above its resident memory
before the case. The jobs an upload starts are not run: the server hands them to workers.

    python benchmarks/upload_memory.py [--decodes N]   (N: UPLOAD_DECODES, default the setting)
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 10 * 1024 * 1024
CASES = {"18.8 MP": ((5312, 3540), 1), "39.8 MP": ((7728, 5152), 1),
         "4 × 39.8 MP at once": ((7728, 5152), 4)}
GOALS_MIB = {"18.8 MP": 80, "39.8 MP": 80, "4 × 39.8 MP at once": 250}


def photo(size: tuple[int, int], seed: int) -> Image.Image:
    """Photograph-like: broad light and colour, fine grain (compresses like a camera's)."""
    width, height = size
    rng = np.random.default_rng(seed)
    small = rng.uniform(0, 255, (height // 64 + 1, width // 64 + 1, 3)).astype(np.uint8)
    base = np.asarray(Image.fromarray(small).resize(size, Image.Resampling.BICUBIC),
                      dtype=np.int16)
    grain = rng.integers(-14, 15, (height, width, 1), dtype=np.int16)
    return Image.fromarray(np.clip(base + grain, 0, 255).astype(np.uint8))


def jpeg_under_limit(image: Image.Image) -> bytes:
    """The best quality that stays under the upload limit (baseline JPEG, like a camera)."""
    for quality in range(95, 40, -5):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= LIMIT * 0.95:
            return buffer.getvalue()
    raise SystemExit("could not make a picture under the limit")


def status(field: str) -> int:
    """A /proc/self/status figure, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def measure(picture: str, copies: int) -> None:
    """In the child process: one case; prints the growth in MiB."""
    import django

    django.setup()
    from core import jobs
    from core.ownership import Owner
    from uploads.services import upload_create

    jobs.job_send = lambda *args, **kwargs: None  # workers would run them
    data = Path(picture).read_bytes()
    warm = io.BytesIO()
    photo((640, 480), 1).save(warm, "JPEG")
    upload_create(owner=Owner(session_key="warm-up"), data=warm.getvalue())
    before = status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from VmRSS

    def upload(index: int) -> None:
        upload_create(owner=Owner(session_key=f"owner-{index}"), data=data)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{(status('VmHWM') - before) / 2**20:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decodes", type=int, help="UPLOAD_DECODES for the measured process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reverie-memory-") as var_dir:
        env = {**os.environ, "VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "config.settings",
               "JOB_RUNNER": "inprocess", "PYTHONPATH": str(ROOT)}
        for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "GS_BUCKET_NAME"):
            env.pop(name, None)
        if args.decodes:
            env["UPLOAD_DECODES"] = str(args.decodes)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)
        files = {}
        for size in {size for size, _ in CASES.values()}:
            data = jpeg_under_limit(photo(size, seed=size[0]))
            files[size] = Path(var_dir) / f"{size[0]}x{size[1]}.jpg"
            files[size].write_bytes(data)
        print(f"upload memory: peak RSS growth of the process taking the upload (load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        for name, (size, copies) in CASES.items():
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(files[size]), str(copies)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True)
            growth = result.stdout.strip().splitlines()[-1]
            mib = files[size].stat().st_size / 2**20
            print(f"  {name:<22} ({mib:4.1f} MiB file): +{growth:>6} MiB   "
                  f"goal ≤ {GOALS_MIB[name]} MiB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        measure(sys.argv[2], int(sys.argv[3]))
    else:
        main()
