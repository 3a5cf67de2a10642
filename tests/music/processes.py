"""Run Reverie in a real child process (a server, a command) on the test database."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def project_env(tmp_path: Path) -> dict[str, str]:
    """The project's own settings, on the test database, with media under `tmp_path`."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(), "MEDIA_ROOT": str(tmp_path / "media"),
            "VAR_DIR": str(tmp_path / "var"), "JOB_RUNNER": "inprocess",
            # Static files straight from the source folders: no collectstatic before the run.
            "DEBUG": "true",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")]))}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
