from django.db import migrations

from core.permissions import curators_grant


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("core", "0001_curators_group"),
    ]

    operations = [
        migrations.RunPython(curators_grant("stories", ["story", "storypage", "storyjob"]),
                             migrations.RunPython.noop),
    ]
