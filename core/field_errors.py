"""Validation messages a person can act on: the field's label, the valid choices, the range.

DRF's own messages are written for developers ("Ensure this value is greater than or equal
to 4.", '"fear" is not a valid choice.'); the API's error handler passes each field's
messages through `field_messages` with the serializer the view reads its input with, and
makes the error's one-sentence `message` from the first of them with `sentence`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


def number(value: float) -> str:
    """4 for 4 and 4.0, 2147483647 in full, 0.5 as 0.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def input_serializer_of(view: Any) -> serializers.Serializer | None:
    """The serializer a view validates its input with: its InputSerializer, else its own."""
    serializer_class = getattr(view, "InputSerializer", None)
    if serializer_class is None and hasattr(view, "get_serializer_class"):
        try:
            serializer_class = view.get_serializer_class()
        except AssertionError:  # a view without serializer_class
            return None
    return serializer_class() if serializer_class is not None else None


def field_of(serializer: serializers.Serializer | None, name: str) -> serializers.Field | None:
    """The field behind a flattened error name ("emotions.0", "mood.valence")."""
    field: Any = serializer
    for part in name.split("."):
        if isinstance(field, serializers.ListField | serializers.ListSerializer):
            field = field.child
            if part.isdigit():
                continue
        fields = getattr(field, "fields", None)
        if fields is None or part not in fields:
            return field if part.isdigit() else None
        field = fields[part]
    return field if field is not serializer else None


def label_of(field: serializers.Field | None, name: str) -> str:
    """"Age band" for age_band; a list item is named by its list ("emotions.0" → "Emotions")."""
    words = [part for part in name.split(".") if not part.isdigit()]
    fallback = (words[-1] if words else name).replace("_", " ")
    label = getattr(field, "label", None) or fallback
    label = str(label)
    return label[:1].upper() + label[1:]


def field_message(field: serializers.Field | None, message: str, code: str | None) -> str:
    """One problem of one field, said so that a person knows what to send instead.

    Only DRF's own wording is rewritten: a field's error_messages were written for people.
    """
    if field is not None and code in field.error_messages and not _is_default(field, code):
        return message
    if code == "invalid_choice" and isinstance(field, serializers.ChoiceField):
        choices = ", ".join(str(choice) for choice in field.choices)
        return _("%(message)s; choose one of: %(choices)s.") % {
            "message": message.rstrip("."), "choices": choices}
    if code in {"min_value", "max_value"}:
        low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
        if low is not None and high is not None:
            return _("Choose between %(low)s and %(high)s.") % {"low": number(low),
                                                                "high": number(high)}
        if low is not None:
            return _("Choose %(low)s or more.") % {"low": number(low)}
        if high is not None:
            return _("Choose %(high)s or less.") % {"high": number(high)}
    if code == "required":
        return _("This is required.")
    return message


def _is_default(field: serializers.Field, code: str) -> bool:
    defaults: dict[str, str] = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    return field.error_messages.get(code) == defaults.get(code)


def field_messages(serializer: serializers.Serializer | None, name: str,
                   details: list[Any]) -> list[str]:
    field = field_of(serializer, name)
    return [field_message(field, str(detail), getattr(detail, "code", None))
            for detail in details]


def sentence(serializer: serializers.Serializer | None, name: str, message: str) -> str:
    """"Pages: choose between 4 and 12." — the label, then the message as one sentence."""
    if name in {"non_field_errors", "detail"}:
        return message
    label = label_of(field_of(serializer, name), name)
    first = message[:1].lower() + message[1:] if message[1:2].islower() else message
    return _("%(label)s: %(message)s") % {"label": label, "message": first}
