"""The composer that needs nothing: synthesis in numpy, on any machine, with no keys."""

from __future__ import annotations

from music.backends.base import ComposedTrack, Composer, ProgressCallback, Resume, no_progress
from music.composer.composition import MAX_SECONDS, MIN_SECONDS, compose_score
from music.composer.midi import to_midi
from music.composer.prompts import MusicPrompt
from music.sound.render import SAMPLE_RATE, render


class OfflineComposer(Composer):
    """Composes a score from the prompt's mood, key, tempo and instruments, renders it with
    its own synthesisers and returns the audio with the score as MIDI. The same prompt and
    seed give the same audio, bit for bit."""

    provider = "offline"
    min_duration, max_duration = MIN_SECONDS, MAX_SECONDS  # what compose_score accepts

    def warm_up(self, *, background: bool = False) -> None:
        # Its instrument tones; OPTIONS {"prebuilt_tones": N} builds only the N most used.
        from music.warm_up import composer_warm_up, composer_warm_up_in_background

        limit = self.options.get("prebuilt_tones")
        if background:
            composer_warm_up_in_background(self, limit)
        else:
            composer_warm_up(self, limit)

    def compose(self, prompt: str, *, duration: float, seed: int,
                on_progress: ProgressCallback = no_progress,
                resume: Resume | None = None) -> ComposedTrack:
        on_progress(0.0)
        musical = MusicPrompt.parse(prompt)
        score = compose_score(musical, duration=duration, seed=seed)
        on_progress(0.05)
        audio = render(score, on_progress=lambda done: on_progress(0.05 + 0.9 * done))
        midi = to_midi(score)
        on_progress(1.0)
        return ComposedTrack(audio=audio, sample_rate=SAMPLE_RATE, tempo_bpm=score.tempo_bpm,
                             tonic=score.tonic, mode=score.mode, provider=self.provider,
                             midi=midi)
