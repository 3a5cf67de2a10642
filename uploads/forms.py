from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OneSentenceErrors, between, interpolate_lazy
from music.composer.style import STYLE_MAX_CHARS
from music.durations import duration_limits

STYLE_ERRORS = {"max_length": interpolate_lazy(
    _("The style can be at most %(limit)s characters; please say it in fewer words."),
    {"limit": STYLE_MAX_CHARS})}


# The `duration` fields offer what the configured composer can make: built as each form is
# made (never at import, so they follow AI_BACKENDS["music"]); the class declares its place.


def _duration_choices() -> forms.TypedChoiceField:
    limits = duration_limits()
    choices = [(s, interpolate_lazy(_("%(seconds)s seconds"), {"seconds": s}))
               for s in limits.offered]
    return forms.TypedChoiceField(choices=choices, coerce=int, initial=limits.default)


def _duration_field() -> forms.IntegerField:
    limits = duration_limits()
    return forms.IntegerField(label=_("Length"), min_value=limits.min, max_value=limits.max,
                              initial=limits.default,
                              error_messages=between(limits.min, limits.max, "seconds"))


class UploadForm(forms.Form):
    """The no-JavaScript path of the upload page (the script posts to the API instead)."""

    image = forms.FileField(error_messages={"required": _("Choose a picture to upload.")})
    duration = forms.TypedChoiceField(coerce=int)  # see _duration_choices
    style = forms.CharField(max_length=STYLE_MAX_CHARS, required=False,
                            error_messages=STYLE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration"] = _duration_choices()


class RegenerateForm(OneSentenceErrors):
    duration = forms.IntegerField(label=_("Length"))  # see _duration_field
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, required=False,
                              error_messages={**between(0, 2**31 - 1),
                                              "invalid": _("Enter a whole number, or leave it "
                                                           "empty for a surprise.")})
    valence = forms.FloatField(label=_("Mood"), min_value=-1, max_value=1, required=False,
                               error_messages=between(-1, 1))
    arousal = forms.FloatField(label=_("Energy"), min_value=-1, max_value=1, required=False,
                               error_messages=between(-1, 1))
    style = forms.CharField(max_length=STYLE_MAX_CHARS, required=False,
                            error_messages=STYLE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration"] = _duration_field()
