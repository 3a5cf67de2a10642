from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import ApiToken


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
