from __future__ import annotations

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("", include("django.contrib.auth.urls")),
]
