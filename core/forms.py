"""Form errors said the way the API says them: the field's label and one sentence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.field_errors import number


def _interpolate(message: Any, values: dict[str, Any]) -> str:
    return str(message) % values


# A message with placeholders, filled in when it is shown (in the visitor's language), for
# form fields and choices made once at import time.
interpolate_lazy = lazy(_interpolate, str)


def between(low: float, high: float, unit: str = "") -> dict[str, str]:
    """error_messages of a number field: its range, not "Ensure this value is …"."""
    values = {"low": number(low), "high": number(high)}
    if unit == "seconds":
        message = interpolate_lazy(gettext_lazy("Choose between %(low)s and %(high)s seconds."),
                                   values)
    else:
        message = interpolate_lazy(gettext_lazy("Choose between %(low)s and %(high)s."), values)
    return {"min_value": message, "max_value": message}


class OneSentenceErrors(forms.Form):
    """A form whose page shows one problem at a time, named by its field's label."""

    def first_error(self) -> str:
        for field in self:
            if field.errors:
                message = str(field.errors[0])
                if message[1:2].islower():
                    message = message[:1].lower() + message[1:]
                return _("%(label)s: %(message)s") % {"label": field.label, "message": message}
        return " ".join(str(error) for error in self.non_field_errors()[:1])
