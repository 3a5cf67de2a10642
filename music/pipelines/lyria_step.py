"""What the pipeline's step does with Lyria, as plain functions.

They are compiled into the step's container next to the step (kfp `additional_funcs`), where
only their own source exists: so each imports what it uses and reads no module globals. The
tests' fake Vertex AI imports `lyria_request` too, and builds the step's request from the
parameters a submitted pipeline job carries, so a job that would ask the wrong project fails
there as it would on Vertex.
"""

# No `from __future__ import annotations`: the sources run as they are in the container.


def lyria_request(project: str, location: str, model: str, prompt: str, seed: int,
                  negative_prompt: str = "") -> dict:
    """One clip's request: the API host, the model's resource name and the instance.

    The project is the deployer's, passed in as a parameter: inside Vertex AI Pipelines
    google.auth.default() names Google's tenant project, where Lyria refuses us.
    """
    host = ("aiplatform.googleapis.com" if location == "global"
            else f"{location}-aiplatform.googleapis.com")
    instance = {"prompt": prompt, "seed": int(seed)}
    if negative_prompt:
        instance["negative_prompt"] = negative_prompt
    # No "sample_count" parameter: Lyria refuses it together with a seed.
    return {"api_endpoint": host, "instance": instance,
            "endpoint": f"projects/{project}/locations/{location}/publishers/google/models/"
                        f"{model}"}


def lyria_clip(client, request: dict, timeout: float = 120.0, deadline: float = 600.0,
               first_wait: float = 2.0) -> bytes:
    """The WAV bytes of one clip. Quota (429) and server (5xx) errors are retried with
    exponential backoff until `deadline` seconds have passed; each call waits `timeout`."""
    import base64

    from google.api_core import exceptions
    from google.api_core import retry as retries
    from google.protobuf import json_format, struct_pb2

    again = retries.Retry(
        predicate=retries.if_exception_type(exceptions.TooManyRequests,
                                            exceptions.ServerError),
        initial=first_wait, multiplier=2.0, maximum=60.0, timeout=deadline)
    instance = json_format.ParseDict(request["instance"], struct_pb2.Value())
    response = client.predict(endpoint=request["endpoint"], instances=[instance], retry=again,
                              timeout=timeout)
    answer = json_format.MessageToDict(type(response).pb(response))
    predictions = answer.get("predictions") or [{}]
    first = predictions[0] if isinstance(predictions[0], dict) else {}
    data = first.get("bytesBase64Encoded") or first.get("audioContent")
    if not data:
        raise RuntimeError("Lyria made no music for this prompt (it may have been declined).")
    return base64.b64decode(data)
