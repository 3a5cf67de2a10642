from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import JobSerializer, absolute_url
from dreams.models import Dream, DreamJob, DreamSymbol, Symbol, TranscriptionJob


class MatchedSymbolSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="symbol_id")
    name = serializers.SerializerMethodField()  # in the dream's language
    matched = serializers.ListField(child=serializers.CharField())

    def get_name(self, match: DreamSymbol) -> str:
        return match.name


class InterpretationSerializer(serializers.Serializer):
    text = serializers.CharField()
    citations = serializers.ListField(child=serializers.IntegerField())
    sections = serializers.ListField(child=serializers.DictField())
    provider = serializers.CharField()


class StorySerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField()
    provider = serializers.CharField()


def interpretation_data(dream: Dream) -> dict | None:
    if dream.interpretation_sections is None:
        return None
    return {"text": dream.interpretation_text, "citations": dream.interpretation_citations,
            "sections": dream.interpretation_sections,
            "provider": dream.interpretation_provider}


def story_data(dream: Dream) -> dict | None:
    if not dream.story_text:
        return None
    return {"title": dream.story_title, "text": dream.story_text,
            "provider": dream.story_provider}


class DreamSerializer(serializers.ModelSerializer):
    """<dream> of the API contract (plus the engine's proposed emotions and the last job)."""

    symbols = MatchedSymbolSerializer(source="matches", many=True, read_only=True)
    interpretation = serializers.SerializerMethodField()
    story = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField()
    audio_url = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()

    class Meta:
        model = Dream
        fields = ["id", "title", "text", "language", "emotions", "proposed_emotions", "symbols",
                  "interpretation", "story", "image_url", "audio_url", "created_at", "job"]

    @extend_schema_field(InterpretationSerializer(allow_null=True))
    def get_interpretation(self, dream: Dream) -> dict | None:
        return interpretation_data(dream)

    @extend_schema_field(StorySerializer(allow_null=True))
    def get_story(self, dream: Dream) -> dict | None:
        return story_data(dream)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image_url(self, dream: Dream) -> str | None:
        return absolute_url(self.context.get("request"), dream.image.url) if dream.image else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_audio_url(self, dream: Dream) -> str | None:
        return absolute_url(self.context.get("request"), dream.audio.url) if dream.audio else None

    @extend_schema_field(JobSerializer(allow_null=True))
    def get_job(self, dream: Dream) -> dict | None:
        job = self.context.get("job") or DreamJob.objects.filter(dream=dream).first()
        return JobSerializer(job, context=self.context).data if job is not None else None


class ImageSerializer(serializers.Serializer):
    image_url = serializers.URLField()
    provider = serializers.CharField()


class SymbolSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    aliases_ko = serializers.ListField(source="alias_list_ko", child=serializers.CharField())
    themes = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Symbol
        fields = ["id", "name", "aliases", "category", "themes", "text", "name_ko",
                  "aliases_ko", "text_ko"]


class TranscriptionSerializer(serializers.ModelSerializer):
    job = serializers.SerializerMethodField()

    class Meta:
        model = TranscriptionJob
        fields = ["id", "text", "keep_audio", "job"]

    @extend_schema_field(JobSerializer)
    def get_job(self, job: TranscriptionJob) -> dict:
        return JobSerializer(job, context=self.context).data


def dream_url(dream: Dream) -> str:
    return reverse("dream-detail", args=[dream.pk])
