from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers


class OwnerSessionScheme(SessionScheme):
    target_class = "core.authentication.OwnerSessionAuthentication"


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text='What went wrong, for programs: "invalid", '
                                           '"not_found", "provider_unavailable"…')
    message = serializers.CharField(help_text="One sentence for a person, naming the field "
                                              'by its label: "Pages: choose between 4 and 12."')
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='The inputs at fault and their problems ("emotions.0" for a list item).')


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """Every error under /api/, with its 4xx or 5xx status."""

    error = ErrorDetailSerializer()


ERRORS = {
    "400": "The input was refused; `fields` names the inputs.",
    "401": "No or an invalid API token.",
    "403": "Not allowed (a write without the session's CSRF token, for one).",
    "404": "Nothing here, or it belongs to someone else.",
    "413": "The body is too large.",
    "429": "Too many requests; the message says how long to wait.",
    "503": "A service Reverie relies on is down; retry after Retry-After seconds.",
}
WRITES = {"POST", "PUT", "PATCH"}


class ReverieAutoSchema(AutoSchema):
    """Every operation also answers the error shape, as the Error component."""

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        for status, description in ERRORS.items():
            if status in {"400", "413"} and self.method not in WRITES:
                continue
            if status == "404" and "{" not in self.path:
                continue
            responses.setdefault(status, self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=description), status,
                direction=direction))
        return responses
