from __future__ import annotations

import uuid

from core.ownership import Owner
from music.models import Track


def track_get(*, owner: Owner | None, track_id: uuid.UUID | str) -> Track | None:
    if owner is None:
        return None
    return owner.filter(Track.objects.filter(pk=track_id)).select_related(
        "upload", "upload__caption").first()
