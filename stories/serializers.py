from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.media import file_url, signed_path
from core.models import Job
from core.serializers import absolute_url
from stories.models import Story, StoryPage


@extend_schema_serializer(component_name="StorybookPage")
class StoryPageSerializer(serializers.ModelSerializer):
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = StoryPage
        fields = ["number", "text", "image_url"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image_url(self, page: StoryPage) -> str | None:
        if not page.image:
            return None
        # Read through a share link, the address is bound to that link: revoking it revokes it.
        share = self.context.get("share")
        return absolute_url(self.context.get("request"), file_url(page.image, share=share))


@extend_schema_serializer(component_name="Storybook")
class StorySerializer(serializers.ModelSerializer):
    """<story> of the API contract."""

    pages = StoryPageSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()
    share_url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["id", "title", "protagonist", "theme", "age_band", "language",
                  "character_sheet", "pages", "pdf_url", "share_url", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_url(self, story: Story) -> str | None:
        job = getattr(story, "job", None)
        if job is None or job.status != Job.Status.SUCCEEDED:
            return None
        return absolute_url(self.context.get("request"),
                            signed_path(reverse("story-pdf", args=[story.pk])))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_share_url(self, story: Story) -> str | None:
        if not story.share_token:
            return None
        return absolute_url(self.context.get("request"), f"/s/{story.share_token}/")
