"""Files under MEDIA_ROOT against the file names the database rows hold, printed as JSON:
`orphans` (on disk, no row names them) and `missing` (a row names them, not on disk).

    DJANGO_SETTINGS_MODULE=... python -m tests.fakes.media_audit

Run with the environment of the processes under test, so it reads their database and media.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def referenced_names() -> set[str]:
    from django.apps import apps
    from django.db import models

    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(model._default_manager.exclude(**{field.name: ""})
                             .exclude(**{f"{field.name}__isnull": True})
                             .values_list(field.name, flat=True))
    return names


def files_on_disk(root: Path) -> set[str]:
    return {str((Path(folder) / name).relative_to(root))
            for folder, _, files in os.walk(root) for name in files}


def audit() -> dict[str, list[str]]:
    from django.conf import settings

    on_disk = files_on_disk(Path(settings.MEDIA_ROOT))
    named = referenced_names()
    return {"orphans": sorted(on_disk - named), "missing": sorted(named - on_disk)}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(audit()))
