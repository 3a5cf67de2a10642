"""Reverie's ASGI app served by uvicorn, with an OGG encoder that segfaults like the
libsndfile bug did: `python -m tests.music.crashing_server PORT`.

Only which function the isolated worker runs is changed; the server's code is the real one.
"""

from __future__ import annotations

import sys

import uvicorn

from music.sound import codec
from tests.music import crashers


def main() -> None:
    codec.encode_samples = crashers.encode_segfaulting_on_ogg
    codec.transcode = crashers.transcode_segfaulting_on_ogg
    uvicorn.run("config.asgi:application", host="127.0.0.1", port=int(sys.argv[1]),
                lifespan="off", log_level="warning")


if __name__ == "__main__":
    main()
