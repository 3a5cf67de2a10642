from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dreams.models import Emotion


class DreamForm(forms.Form):
    text = forms.CharField(
        label=_("Your dream"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 9, "placeholder": _(
            "I was walking through a house I had never seen, and every door opened onto "
            "the sea…")}))
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=120)
    emotions = forms.MultipleChoiceField(
        label=_("How did it feel?"), required=False, choices=Emotion.choices,
        widget=forms.CheckboxSelectMultiple)
    transcription = forms.UUIDField(required=False, widget=forms.HiddenInput)


class DreamEmotionsForm(forms.Form):
    emotions = forms.MultipleChoiceField(
        label=_("How did it feel?"), required=False, choices=Emotion.choices,
        widget=forms.CheckboxSelectMultiple)


class BulkDeleteForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=str, required=True)

    def __init__(self, *args, choices: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(c, c) for c in choices]
        self.fields["ids"].error_messages["required"] = _("Choose at least one dream to delete.")
