from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from core.models import Job
from core.ownership import Owner
from music.composer.style import STYLE_MAX_CHARS
from music.durations import duration_limits
from uploads.services import upload_create, upload_delete
from uploads.validation import ImageRejected


class Command(BaseCommand):
    help = ("Make music from a picture without a server: the same pipeline as the upload page "
            "(caption, prompt, composer), writing the audio and a MIDI file next to it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("image", type=Path, help="a JPEG, PNG, WebP or GIF picture")
        limits = duration_limits()
        parser.add_argument("--duration", type=int, default=limits.default,
                            help=f"seconds, {limits.min}–{limits.max}")
        parser.add_argument("--seed", type=int, default=None, help="same seed, same music")
        parser.add_argument("--style", default="",
                            help='the music you want, in your own words ("calm piano")')
        parser.add_argument("--out", type=Path, default=None,
                            help="output .wav, .mp3 or .ogg (default: IMAGE.wav)")
        parser.add_argument("--keep", action="store_true",
                            help="keep the upload and track in the database afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        image: Path = options["image"]
        out: Path = options["out"] or image.with_suffix(".wav")
        if not image.is_file():
            raise CommandError(f"{image} is not a file.")
        if out.suffix.lower() not in {".wav", ".mp3", ".ogg"}:
            raise CommandError("--out must end in .wav, .mp3 or .ogg.")
        limits = duration_limits()
        if not limits.min <= options["duration"] <= limits.max:
            raise CommandError(
                f"--duration must be between {limits.min} and {limits.max} seconds.")
        if len(options["style"]) > STYLE_MAX_CHARS:
            raise CommandError(f"--style may be at most {STYLE_MAX_CHARS} characters.")
        owner = Owner(session_key=f"cli-{secrets.token_hex(8)}")
        with override_settings(JOB_RUNNER="inline"):  # run the jobs right here, in order
            try:
                started = upload_create(owner=owner, data=image.read_bytes(),
                                        original_name=image.name,
                                        duration=options["duration"], seed=options["seed"],
                                        style=options["style"])
            except ImageRejected as exc:
                raise CommandError(exc.message) from exc
        job = started.track_job
        job.refresh_from_db()
        try:
            if job.status != Job.Status.SUCCEEDED:
                raise CommandError(job.error or "The music could not be made.")
            self._write(job.track, out)
        finally:
            if not options["keep"]:
                upload_delete(upload=started.upload)

    def _write(self, track: Any, out: Path) -> None:
        from music.services import track_encode_extras
        from music.sound.audio import EncodeError

        fmt = out.suffix.lower().lstrip(".")
        if fmt != "wav":
            try:
                track = track_encode_extras(track=track, formats=(fmt,))
            except EncodeError as exc:
                raise CommandError(exc.message) from exc
        with getattr(track, fmt).open("rb") as handle:
            out.write_bytes(handle.read())
        caption = track.upload.caption
        self.stdout.write(f"{caption.text}\n{track.prompt}\n")
        self.stdout.write(f"Wrote {out} ({track.duration:.0f} s, {track.key} {track.mode}, "
                          f"{track.tempo_bpm:.0f} BPM, seed {track.seed})")
        if track.midi:
            midi_path = out.with_suffix(".mid")
            with track.midi.open("rb") as handle:
                midi_path.write_bytes(handle.read())
            self.stdout.write(f"Wrote {midi_path}")
