"""Speech to text, for every app that takes words in by voice (dreams, storybook themes):
the recordings we accept and their 16 kHz samples (core.speech.audio), and the transcribers
(core.speech.transcribers: PocketSphinx offline, OpenAI online)."""
