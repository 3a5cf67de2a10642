from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OneSentenceErrors, between, interpolate_lazy
from music.composer.style import STYLE_MAX_CHARS
from music.services import DURATION_DEFAULT, DURATION_MAX, DURATION_MIN

STYLE_ERRORS = {"max_length": interpolate_lazy(
    _("The style can be at most %(limit)s characters; please say it in fewer words."),
    {"limit": STYLE_MAX_CHARS})}

DURATION_CHOICES = [(s, interpolate_lazy(_("%(seconds)s seconds"), {"seconds": s}))
                    for s in (10, 20, 30, 45, 60, 90, 120)]


class UploadForm(forms.Form):
    """The no-JavaScript path of the upload page (the script posts to the API instead)."""

    image = forms.FileField(error_messages={"required": _("Choose a picture to upload.")})
    duration = forms.TypedChoiceField(choices=DURATION_CHOICES, coerce=int,
                                      initial=DURATION_DEFAULT)
    style = forms.CharField(max_length=STYLE_MAX_CHARS, required=False,
                            error_messages=STYLE_ERRORS)


class RegenerateForm(OneSentenceErrors):
    duration = forms.IntegerField(label=_("Length"), min_value=DURATION_MIN,
                                  max_value=DURATION_MAX, initial=DURATION_DEFAULT,
                                  error_messages=between(DURATION_MIN, DURATION_MAX, "seconds"))
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
