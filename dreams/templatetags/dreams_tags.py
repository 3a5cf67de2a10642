from __future__ import annotations

from django import template

from dreams.models import Emotion

register = template.Library()


@register.filter
def emotion_label(value: str) -> str:
    """"anger" → "Anger" in the visitor's language; an unknown value as it is."""
    try:
        return str(Emotion(value).label)
    except ValueError:
        return value
