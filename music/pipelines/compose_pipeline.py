"""The Vertex AI pipeline that composes a track: the kfp v2 definition of compose_pipeline.yaml.

`make pipeline` recompiles the YAML (kfp is a dev dependency; the service only reads the
YAML). Parameters: prompt, duration (seconds), seed, and location/model for the music model.
Its one step asks Lyria on Vertex AI for as many 30-second clips as the duration needs (seeds
seed, seed+1, …), joins them with equal-power crossfades, trims to the duration with a short
fade-out and writes one 48 kHz WAV: the output artifact "audio" that VertexPipelineComposer
downloads from the pipeline root.
"""

# No `from __future__ import annotations` here: kfp reads the components' annotations as
# real types to build their interfaces.
from pathlib import Path

from kfp import compiler, dsl

TEMPLATE = Path(__file__).with_name("compose_pipeline.yaml")


@dsl.component(base_image="python:3.11-slim",
               packages_to_install=["google-cloud-aiplatform==2.7.0", "numpy==2.4.6",
                                    "soundfile==0.14.0"])
def compose_audio(prompt: str, duration: float, seed: int, location: str, model: str,
                  audio: dsl.Output[dsl.Artifact]):
    # Runs in its own container on Vertex: everything it uses is imported here.
    import base64
    import io
    import math

    import google.auth
    import numpy as np
    import soundfile
    from google.cloud import aiplatform_v1
    from google.protobuf import json_format, struct_pb2

    _, project = google.auth.default()
    client = aiplatform_v1.PredictionServiceClient(
        client_options={"api_endpoint": f"{location}-aiplatform.googleapis.com"})
    endpoint = f"projects/{project}/locations/{location}/publishers/google/models/{model}"
    clips, rate = [], 48000
    for index in range(max(1, math.ceil(duration / 30))):
        response = client.predict(endpoint=endpoint, instances=[
            json_format.ParseDict({"prompt": prompt, "seed": seed + index}, struct_pb2.Value())])
        answer = json_format.MessageToDict(response._pb)["predictions"][0]
        data = answer.get("bytesBase64Encoded") or answer["audioContent"]
        clip, rate = soundfile.read(io.BytesIO(base64.b64decode(data)), dtype="float32",
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
def compose_pipeline(prompt: str, duration: float = 30.0, seed: int = 0,
                     location: str = "us-central1", model: str = "lyria-002"):
    compose_audio(prompt=prompt, duration=duration, seed=seed, location=location, model=model)


def compile_template(path: Path = TEMPLATE) -> Path:
    compiler.Compiler().compile(pipeline_func=compose_pipeline, package_path=str(path))
    return path


if __name__ == "__main__":
    print(f"Compiled {compile_template()}")
