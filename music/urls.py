from __future__ import annotations

from django.urls import path

from music import apis, views

urlpatterns = [
    path("tracks/<uuid:track_id>/audio.<str:fmt>", views.track_audio, name="track-audio"),
    path("api/tracks/<uuid:track_id>/", apis.TrackDetailApi.as_view(), name="track-detail-api"),
]
