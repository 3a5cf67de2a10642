from __future__ import annotations

from django import forms

from core.forms import OneSentenceErrors, between
from music.composer.style import STYLE_MAX_CHARS
from music.services import DURATION_DEFAULT, DURATION_MAX, DURATION_MIN

STYLE_ERRORS = {"max_length": f"The style can be at most {STYLE_MAX_CHARS} characters; please "
                              "say it in fewer words."}

DURATION_CHOICES = [(s, f"{s} seconds") for s in (10, 20, 30, 45, 60, 90, 120)]


class UploadForm(forms.Form):
    """The no-JavaScript path of the upload page (the script posts to the API instead)."""

    image = forms.FileField(error_messages={"required": "Choose a picture to upload."})
    duration = forms.TypedChoiceField(choices=DURATION_CHOICES, coerce=int,
                                      initial=DURATION_DEFAULT)
    style = forms.CharField(max_length=STYLE_MAX_CHARS, required=False,
                            error_messages=STYLE_ERRORS)


class RegenerateForm(OneSentenceErrors):
    duration = forms.IntegerField(label="Length", min_value=DURATION_MIN,
                                  max_value=DURATION_MAX, initial=DURATION_DEFAULT,
                                  error_messages=between(DURATION_MIN, DURATION_MAX, "seconds"))
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, required=False,
                              error_messages={**between(0, 2**31 - 1),
                                              "invalid": "Enter a whole number, or leave it "
                                                         "empty for a surprise."})
    valence = forms.FloatField(label="Mood", min_value=-1, max_value=1, required=False,
                               error_messages=between(-1, 1))
    arousal = forms.FloatField(label="Energy", min_value=-1, max_value=1, required=False,
                               error_messages=between(-1, 1))
    style = forms.CharField(max_length=STYLE_MAX_CHARS, required=False,
                            error_messages=STYLE_ERRORS)
