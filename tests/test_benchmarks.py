"""Every benchmark script loads as `make benchmarks` runs it: a fresh interpreter, the script's
own imports and set-up, nothing configured beforehand. Running them is left to the benchmarks
themselves (they print figures and take minutes); this catches the script that cannot start."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(path for path in (ROOT / "benchmarks").glob("*.py") if path.name != "__init__.py")
LOAD = ("import os, runpy, sys; sys.path.insert(0, os.path.dirname(sys.argv[1])); "
        "runpy.run_path(sys.argv[1], run_name='benchmark_loaded')")


def _load(script: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    return subprocess.run([sys.executable, "-c", LOAD, str(script)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


def test_every_benchmark_script_loads_in_a_fresh_interpreter():
    assert len(SCRIPTS) > 10
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(zip(SCRIPTS, pool.map(_load, SCRIPTS), strict=True))
    failed = {script.name: result.stderr.strip().splitlines()[-1:]
              for script, result in results.items() if result.returncode}
    assert not failed
