from __future__ import annotations

from django.urls import path

from core.consumers import JobsConsumer

websocket_urlpatterns = [path("ws/jobs/", JobsConsumer.as_asgi())]
