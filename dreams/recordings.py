"""The recordings an owner kept: with a dream, or with a transcription not yet made a dream."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

from core.ownership import Owner
from dreams.models import Dream, TranscriptionJob


@dataclass(frozen=True)
class Recording:
    id: uuid.UUID
    source: str  # "dream" or "transcription"
    dream_id: uuid.UUID | None
    title: str
    audio: FieldFile
    content_type: str
    created_at: datetime


def recordings_of(*, owner: Owner | None) -> list[Recording]:
    """Every recording the owner kept, newest first."""
    if owner is None:
        return []
    dreams = owner.filter(Dream.objects.exclude(audio=""))
    transcriptions = owner.filter(TranscriptionJob.objects.exclude(audio=""))
    found = [Recording(id=d.pk, source="dream", dream_id=d.pk, title=d.title, audio=d.audio,
                       content_type=d.audio_content_type, created_at=d.created_at)
             for d in dreams]
    found += [Recording(id=t.pk, source="transcription", dream_id=None, title="",
                        audio=t.audio, content_type=t.content_type, created_at=t.created_at)
              for t in transcriptions]
    return sorted(found, key=lambda r: r.created_at, reverse=True)


def recording_delete(*, owner: Owner | None, recording_id: uuid.UUID) -> bool:
    """Delete one of the owner's recordings (the dream stays); False if there is none."""
    if owner is None:
        return False
    with transaction.atomic():
        for model in (Dream, TranscriptionJob):
            row = owner.filter(model.objects.select_for_update().filter(pk=recording_id))
            row = row.exclude(audio="").first()
            if row is not None:
                name = row.audio.name
                model.objects.filter(pk=row.pk).update(audio="", keep_audio=False)
                transaction.on_commit(partial(default_storage.delete, name))
                return True
    return False
