"""The curators group: people who look after content in the admin.

Each app that adds content models grants the group view/change on them in a data migration
of its own, with `curators_grant`.
"""

from __future__ import annotations

from typing import Any

CURATORS = "curators"


def curators_grant(app_label: str, model_names: list[str], actions: tuple[str, ...] = (
        "view", "change")) -> Any:
    """A RunPython function granting the curators group `actions` on these models."""

    def grant(apps: Any, schema_editor: Any) -> None:
        from django.contrib.auth.management import create_permissions

        # Permissions are normally created after the whole migrate run; make sure these exist.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
        group, _ = group_model.objects.get_or_create(name=CURATORS)
        codenames = [f"{action}_{model}" for model in model_names for action in actions]
        group.permissions.add(*permission_model.objects.filter(
            content_type__app_label=app_label, codename__in=codenames))

    return grant
