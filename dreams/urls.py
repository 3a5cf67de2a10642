from __future__ import annotations

from django.urls import path

from dreams import apis, recording_apis, views

urlpatterns = [
    path("dreams/", views.journal, name="dream-journal"),
    path("dreams/new/", views.new, name="dream-new"),
    path("dreams/insights/", views.insights, name="dream-insights"),
    path("dreams/delete/", views.bulk_delete, name="dream-bulk-delete"),
    path("dreams/<uuid:dream_id>/", views.detail, name="dream-detail"),
    path("dreams/<uuid:dream_id>/delete/", views.delete, name="dream-delete"),
    path("dreams/<uuid:dream_id>/analyse/", views.analyse, name="dream-analyse"),
    path("api/dreams/", apis.DreamListCreateApi.as_view(), name="dream-list-api"),
    path("api/dreams/bulk-delete/", apis.DreamBulkDeleteApi.as_view(),
         name="dream-bulk-delete-api"),
    path("dreams/recordings/", views.recordings, name="dream-recordings"),
    path("dreams/recordings/<uuid:recording_id>/delete/", views.recording_remove,
         name="dream-recording-delete"),
    path("api/dreams/recordings/", recording_apis.RecordingListApi.as_view(),
         name="dream-recording-list-api"),
    path("api/dreams/recordings/<uuid:recording_id>/", recording_apis.RecordingDeleteApi.as_view(),
         name="dream-recording-api"),
    path("api/dreams/transcriptions/", apis.TranscriptionCreateApi.as_view(),
         name="dream-transcription-create-api"),
    path("api/dreams/transcriptions/<uuid:job_id>/", apis.TranscriptionDetailApi.as_view(),
         name="dream-transcription-api"),
    path("api/dreams/<uuid:dream_id>/", apis.DreamDetailApi.as_view(), name="dream-api"),
    path("api/dreams/<uuid:dream_id>/analyse/", apis.DreamAnalyseApi.as_view(),
         name="dream-analyse-api"),
    path("api/dreams/<uuid:dream_id>/interpretation/", apis.DreamInterpretationApi.as_view(),
         name="dream-interpretation-api"),
    path("api/dreams/<uuid:dream_id>/story/", apis.DreamStoryApi.as_view(),
         name="dream-story-api"),
    path("api/dreams/<uuid:dream_id>/image/", apis.DreamImageApi.as_view(),
         name="dream-image-api"),
    path("api/dream-symbols/", apis.SymbolListApi.as_view(), name="dream-symbol-list-api"),
    path("api/dream-symbols/<int:symbol_id>/", apis.SymbolDetailApi.as_view(),
         name="dream-symbol-api"),
]
