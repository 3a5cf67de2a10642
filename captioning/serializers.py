from __future__ import annotations

from rest_framework import serializers

from captioning.models import Caption


class MoodSerializer(serializers.Serializer):
    valence = serializers.FloatField(min_value=-1, max_value=1)
    arousal = serializers.FloatField(min_value=-1, max_value=1)


class CaptionSerializer(serializers.ModelSerializer):
    """<caption> of the API contract."""

    mood = serializers.SerializerMethodField()

    class Meta:
        model = Caption
        fields = ["id", "text", "music_prompt", "mood", "tags", "provider"]

    def get_mood(self, caption: Caption) -> dict[str, float]:
        return {"valence": caption.valence, "arousal": caption.arousal}
