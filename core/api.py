"""What every API view shares: the error shape, authentication, and JSON 404/500 pages.

Every error answers {"error": {"code": ..., "message": ..., "fields": {...}}} with a 4xx
status; `message` is a sentence a person can act on, `fields` maps input names to problems.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

log = logging.getLogger(__name__)

GENERIC_MESSAGES = {
    "not_found": "There is nothing here. It may have been deleted, or it is not yours.",
    "not_authenticated": "Sign in or send an API token (Authorization: Token <key>).",
    "authentication_failed": "That API token is not valid.",
    "permission_denied": "You are not allowed to do that.",
    "method_not_allowed": "This address does not accept that method.",
    "unsupported_media_type": "Send the request as JSON or multipart form data.",
    "parse_error": "The request body could not be read; check that it is well-formed.",
}


class Rejected(exceptions.APIException):
    """A 4xx with its own status, code, message and (optionally) the fields it is about."""

    def __init__(self, message: str, *, status_code: int = 400, code: str = "invalid",
                 fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.fields = fields or {}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The upload is too large."


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        code = "invalid"
        message = _first_message(fields) or "The request is not valid."
    else:
        code = _code_of(exc)
        detail = str(getattr(exc, "detail", ""))
        generic = GENERIC_MESSAGES.get(code, "")
        if isinstance(exc, exceptions.UnsupportedMediaType):
            hint = getattr(context.get("view"), "media_type_hint", generic)
            message = f"{detail} {hint}".strip()
        elif detail and detail != str(_default_detail(exc)):
            # The exception says something specific (throttle wait, method name): keep it,
            # and add what to do about it where we know.
            message = f"{detail} {generic}".strip()
        else:
            message = generic or detail or "The request could not be handled."
        fields = getattr(exc, "fields", {})
    response.data = error_body(code, message, fields)
    return response


def _code_of(exc: Exception) -> str:
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return getattr(exc, "default_code", "error")
    return "error"


def _default_detail(exc: Exception) -> Any:
    return getattr(type(exc), "default_detail", "")


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → {"field" or "field.sub": [messages]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def _first_message(fields: dict[str, list[str]]) -> str:
    for name, messages in fields.items():
        if messages:
            if name in {"non_field_errors", "detail"}:
                return messages[0]
            return f"{name}: {messages[0]}"
    return ""


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body("not_found", GENERIC_MESSAGES["not_found"]), status=404)
    return defaults.page_not_found(request, exception)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        message = "The request could not be read."
        if exception is not None and "RequestDataTooBig" in type(exception).__name__:
            return JsonResponse(error_body("too_large", "The request is too large."), status=413)
        return JsonResponse(error_body("bad_request", message), status=400)
    return defaults.bad_request(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        body = error_body("server_error", "Something went wrong on our side. Please try again.")
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
