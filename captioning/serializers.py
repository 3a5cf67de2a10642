from __future__ import annotations

from rest_framework import serializers

from captioning.models import Caption


class CaptionSerializer(serializers.ModelSerializer):
    """<caption> of the API contract."""

    mood = serializers.SerializerMethodField()

    class Meta:
        model = Caption
        fields = ["id", "text", "music_prompt", "mood", "tags", "provider"]

    def get_mood(self, caption: Caption) -> dict[str, float]:
        return {"valence": caption.valence, "arousal": caption.arousal}
