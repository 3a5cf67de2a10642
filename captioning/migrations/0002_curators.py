from __future__ import annotations

from django.db import migrations

from core.permissions import curators_grant


class Migration(migrations.Migration):
    dependencies = [("captioning", "0001_initial"), ("core", "0001_curators_group")]
    operations = [
        migrations.RunPython(curators_grant("captioning", ["caption", "captionjob"]),
                             migrations.RunPython.noop),
    ]
