from __future__ import annotations

from django.db import migrations

from core.permissions import CURATORS


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=CURATORS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_group, remove_group)]
