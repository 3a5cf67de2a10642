from __future__ import annotations

from django.urls import path

from stories import apis, views

urlpatterns = [
    path("stories/", views.story_library, name="story-library"),
    path("stories/new/", views.story_new, name="story-new"),
    path("stories/<uuid:story_id>/", views.story_reader, name="story-reader"),
    path("s/<str:token>/", views.story_shared, name="story-shared"),
    path("s/<str:token>/pdf", views.story_shared_pdf, name="story-shared-pdf"),
    path("api/stories/", apis.StoryListCreateApi.as_view(), name="story-list"),
    path("api/stories/transcribe/", apis.StoryThemeTranscribeApi.as_view(),
         name="story-transcribe"),
    path("api/stories/<uuid:story_id>/", apis.StoryDetailApi.as_view(), name="story-detail"),
    path("api/stories/<uuid:story_id>/pdf/", apis.StoryPdfApi.as_view(), name="story-pdf"),
    path("api/stories/<uuid:story_id>/share/", apis.StoryShareApi.as_view(),
         name="story-share"),
    # The first addresses, without the slash: still answered, so no client breaks.
    path("api/stories/<uuid:story_id>/pdf", apis.LegacyStoryPdfApi.as_view()),
    path("api/stories/<uuid:story_id>/share", apis.LegacyStoryShareApi.as_view()),
]
