from __future__ import annotations

from django.db import migrations

from core.permissions import curators_grant


class Migration(migrations.Migration):
    dependencies = [("uploads", "0001_initial"), ("core", "0001_curators_group")]
    operations = [
        migrations.RunPython(curators_grant("uploads", ["upload"], ("view", "change", "delete")), migrations.RunPython.noop),
    ]
