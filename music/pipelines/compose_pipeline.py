"""The Vertex AI pipeline that composes a track: the kfp v2 definition of compose_pipeline.yaml.

`make pipeline` recompiles the YAML (kfp is a dev dependency; the service only reads the
YAML). Parameters: project, location and model (where Lyria is asked: the deployer's project,
never the step's own default credentials' one), prompt, negative_prompt, duration (seconds)
and seed. Its one step asks Lyria for as many 30-second clips as the duration needs (seeds
seed, seed+1, …; each call retried on quota and server errors), joins them with equal-power
crossfades, trims to the duration with a short fade-out and writes one 48 kHz WAV: the output
artifact "audio" that VertexPipelineComposer downloads from the pipeline root.
"""

# No `from __future__ import annotations` here: kfp reads the components' annotations as
# real types to build their interfaces.
from pathlib import Path

from kfp import compiler, dsl

from music.pipelines.lyria_step import lyria_clip, lyria_request

TEMPLATE = Path(__file__).with_name("compose_pipeline.yaml")


@dsl.component(base_image="python:3.11-slim",
               packages_to_install=["google-cloud-aiplatform==2.7.0", "numpy==2.4.6",
                                    "soundfile==0.14.0"],
               additional_funcs=[lyria_request, lyria_clip])
def compose_audio(project: str, location: str, model: str, prompt: str,
                  negative_prompt: str, duration: float, seed: int,
                  audio: dsl.Output[dsl.Artifact]):
    # Runs in its own container on Vertex: everything it uses is imported here, and
    # lyria_request / lyria_clip are compiled in next to it.
    import io
    import math

    import numpy as np
    import soundfile
    from google.cloud import aiplatform_v1

    client, clips, rate = None, [], 48000
    for index in range(max(1, math.ceil(duration / 30))):
        request = lyria_request(project, location, model, prompt, seed + index,
                                negative_prompt)
        if client is None:
            client = aiplatform_v1.PredictionServiceClient(
                client_options={"api_endpoint": request["api_endpoint"]})
        clip, rate = soundfile.read(io.BytesIO(lyria_clip(client, request)), dtype="float32",
                                    always_2d=True)
        clips.append(clip)
    fade = int(2.0 * rate)
    track = clips[0]
    for clip in clips[1:]:
        overlap = min(fade, len(track), len(clip))
        t = np.linspace(0, np.pi / 2, overlap, dtype=np.float32)[:, None]
        mixed = track[-overlap:] * np.cos(t) + clip[:overlap] * np.sin(t)
        track = np.concatenate([track[:-overlap], mixed, clip[overlap:]])
    track = track[:int(duration * rate)]
    tail = min(len(track), int(1.5 * rate))
    track[len(track) - tail:] *= np.linspace(1, 0, tail, dtype=np.float32)[:, None]
    soundfile.write(audio.path, track, rate, format="WAV", subtype="PCM_16")
    audio.metadata.update({"sample_rate": rate, "duration": len(track) / rate})


@dsl.pipeline(name="reverie-compose",
              description="Compose a track from a musical prompt with Lyria on Vertex AI.")
def compose_pipeline(project: str, prompt: str, location: str = "us-central1",
                     model: str = "lyria-002", negative_prompt: str = "",
                     duration: float = 30.0, seed: int = 0):
    compose_audio(project=project, location=location, model=model, prompt=prompt,
                  negative_prompt=negative_prompt, duration=duration, seed=seed)


def compile_template(path: Path = TEMPLATE) -> Path:
    compiler.Compiler().compile(pipeline_func=compose_pipeline, package_path=str(path))
    return path


if __name__ == "__main__":
    print(f"Compiled {compile_template()}")
