from __future__ import annotations

from rest_framework import serializers

from captioning.models import Caption


class CaptionSerializer(serializers.ModelSerializer):
    """<caption> of the API contract."""

    mood = serializers.SerializerMethodField()
    music_prompt_shown = serializers.CharField(
        read_only=True, help_text="The musical prompt in the caption's language, to show "
                                  "people; music_prompt is what the composers read.")

    class Meta:
        model = Caption
        fields = ["id", "text", "language", "music_prompt", "music_prompt_shown", "mood",
                  "tags", "provider"]

    def get_mood(self, caption: Caption) -> dict[str, float]:
        return {"valence": caption.valence, "arousal": caption.arousal}
