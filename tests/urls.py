from __future__ import annotations

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns
from tests.demo import apis

urlpatterns = [
    path("api/demo/jobs/", apis.DemoJobCreateApi.as_view()),
    path("api/demo/private/", apis.DemoPrivateApi.as_view()),
    path("api/demo/throttled/", apis.DemoThrottledApi.as_view()),
    path("api/demo/broken/", apis.DemoBrokenApi.as_view()),
    path("api/demo/broken-page/", apis.demo_broken_page),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
