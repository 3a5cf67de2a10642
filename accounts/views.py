from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.forms import ApiTokenForm, SignUpForm
from accounts.selectors import api_token_list
from accounts.services import api_token_create, api_token_revoke


def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # login() sends user_logged_in, which hands over what the visitor made before.
        login(request, form.save(), backend="django.contrib.auth.backends.ModelBackend")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = "account"
        return redirect(target)
    return render(request, "accounts/signup.html",
                  {"form": form, "next": request.GET.get("next", "")})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(request, "accounts/account.html",
                  {"form": form, "new_key": new_key, "tokens": api_token_list(user=request.user)})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if api_token_revoke(user=request.user, token_id=token_id):
        messages.success(request, gettext("The token is revoked; programs using it are refused "
                                          "now."))
    else:
        messages.error(request, gettext("That token does not exist (it may be revoked "
                                        "already)."))
    return redirect("account")
