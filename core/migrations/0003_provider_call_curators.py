from __future__ import annotations

from django.db import migrations

from core.permissions import curators_grant


class Migration(migrations.Migration):
    dependencies = [("core", "0002_provider_call")]
    # Read-only for curators: the log is written by the code, never edited by people.
    operations = [
        migrations.RunPython(curators_grant("core", ["providercall"], actions=("view",)),
                             migrations.RunPython.noop),
    ]
