from __future__ import annotations

from captioning.backends.base import Captioner
from core.backends import BackendError


class RefusingCaptioner(Captioner):
    provider = "refusing"

    def caption(self, image, *, language="en"):
        raise BackendError("The captioning service refused this picture.", permanent=True)
