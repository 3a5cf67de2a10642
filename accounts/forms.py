from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm):
    email = forms.EmailField(required=False,
                             help_text=_("Optional; the only way to reset a forgotten password."))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"),
                           help_text=_("What the program is, e.g. “photo sync”."))
