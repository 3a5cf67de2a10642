from __future__ import annotations

from django.urls import path

from uploads import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
