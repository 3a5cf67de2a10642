from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api_root import ApiRootApi
from core.apis import JobCancelApi, JobDetailApi
from core.views import hangul_font
from core.views import media as media_view

api_patterns = [
    path("", ApiRootApi.as_view(), name="api-root"),
    path("jobs/<uuid:job_id>/", JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<uuid:job_id>/cancel/", JobCancelApi.as_view(), name="job-cancel"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/", include(api_patterns)),
    # The language switcher posts to set_language (/i18n/setlang/); scripts read their
    # translated strings from /jsi18n/, a file of this site, so the CSP needs no exception.
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("fonts/noto-sans-kr.ttf", hangul_font, name="hangul-font"),
    path("", include("uploads.urls")),
    path("", include("music.urls")),
    path("", include("dreams.urls")),
    path("", include("stories.urls")),
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media_view, name="media"),
]

handler400 = "core.api_errors.handler400"
handler403 = "core.api_errors.handler403"
handler404 = "core.api_errors.handler404"
handler500 = "core.api_errors.handler500"
