from __future__ import annotations

from django.db import migrations

from core.permissions import curators_grant


class Migration(migrations.Migration):
    dependencies = [("dreams", "0001_initial"), ("core", "0001_curators_group")]
    operations = [
        # Curators look after the symbol dictionary: they add, edit and retire entries.
        migrations.RunPython(curators_grant("dreams", ["symbol", "theme"],
                                            actions=("view", "change", "add", "delete")),
                             migrations.RunPython.noop),
    ]
