"""Form errors said the way the API says them: the field's label and one sentence."""

from __future__ import annotations

from django import forms

from core.field_errors import number


def between(low: float, high: float, unit: str = "") -> dict[str, str]:
    """error_messages of a number field: its range, not "Ensure this value is …"."""
    message = f"Choose between {number(low)} and {number(high)}{' ' + unit if unit else ''}."
    return {"min_value": message, "max_value": message}


class OneSentenceErrors(forms.Form):
    """A form whose page shows one problem at a time, named by its field's label."""

    def first_error(self) -> str:
        for field in self:
            if field.errors:
                message = str(field.errors[0])
                if message[1:2].islower():
                    message = message[:1].lower() + message[1:]
                return f"{field.label}: {message}"
        return " ".join(str(error) for error in self.non_field_errors()[:1])
