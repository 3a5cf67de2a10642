"""What every API view shares: the error shape, and Django's error handlers.

Every error under /api/ answers {"error": {"code": ..., "message": ..., "fields": {...}}}
with its status, whatever DEBUG says; `message` is a sentence a person can act on, `fields`
maps input names to problems. Domain errors (core.errors) are mapped here for the API and in
core.middleware for the pages; the handlers below answer JSON under /api/ and pages elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import TOO_LARGE, ReverieError, domain_error
from core.field_errors import field_messages, input_serializer_of, sentence

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
SERVER_ERROR = "Something went wrong on our side. Please try again."
STATUS_ERRORS = {
    400: ("bad_request", "The request could not be read."),
    403: ("permission_denied", GENERIC_MESSAGES["permission_denied"]),
    404: ("not_found", GENERIC_MESSAGES["not_found"]),
    405: ("method_not_allowed", GENERIC_MESSAGES["method_not_allowed"]),
    413: ("too_large", TOO_LARGE),
    500: ("server_error", SERVER_ERROR),
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    error = domain_error(exc)
    if error is not None:
        set_rollback()  # nothing half-written, under ATOMIC_REQUESTS too
        return Response(error_body(error.code, error.public_message, error.fields),
                        status=error.status, headers=retry_headers(error))
    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug of ours: the traceback goes to the log, the caller gets the error shape
        # (and never Django's debug page, whatever DEBUG says).
        log.error("Unhandled error in %s", context.get("view"), exc_info=exc)
        set_rollback()
        return Response(error_body("server_error", SERVER_ERROR), status=500)
    if isinstance(exc, exceptions.ValidationError):
        serializer = input_serializer_of(context.get("view"))
        fields = {name: field_messages(serializer, name, details)
                  for name, details in _flatten(exc.detail).items()}
        code = "invalid"
        message = _first_message(serializer, fields) or "The request is not valid."
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


def retry_headers(error: ReverieError) -> dict[str, str]:
    return {"Retry-After": str(error.retry_after)} if error.retry_after else {}


def _code_of(exc: Exception) -> str:
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return getattr(exc, "default_code", "error")
    return "error"


def _default_detail(exc: Exception) -> Any:
    return getattr(type(exc), "default_detail", "")


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[Any]]:
    """DRF's nested error detail → {"field" or "field.sub": [messages, with their codes]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": list(detail)}
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [detail]}


def _first_message(serializer: Any, fields: dict[str, list[str]]) -> str:
    for name, messages in fields.items():
        if messages:
            return sentence(serializer, name, messages[0])
    return ""


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def status_json(status_code: int) -> JsonResponse:
    """The error shape for a bare HTTP status (Django's own 4xx/5xx answers on /api/)."""
    code, message = STATUS_ERRORS.get(status_code, ("error", "The request could not be handled."))
    if status_code >= 500 and status_code not in STATUS_ERRORS:
        code, message = STATUS_ERRORS[500]
    return JsonResponse(error_body(code, message), status=status_code)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return status_json(413 if isinstance(exception, RequestDataTooBig) else 400)
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return status_json(403)
    return defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return status_json(404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return status_json(500)
    # Rendered without the request: whatever broke (the database, the session) must not
    # break the error page too.
    html = render_to_string("500.html", {"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
