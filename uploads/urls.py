from __future__ import annotations

from django.urls import path

from uploads import apis, track_apis, views

urlpatterns = [
    path("", views.home, name="home"),
    path("results/<uuid:upload_id>/", views.results, name="results"),
    path("api/uploads/", apis.UploadListCreateApi.as_view(), name="upload-list-api"),
    path("api/uploads/<uuid:upload_id>/", apis.UploadDetailApi.as_view(),
         name="upload-detail-api"),
    path("api/tracks/", track_apis.TrackCreateApi.as_view(), name="track-create-api"),
]
