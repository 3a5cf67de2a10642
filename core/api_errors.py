"""What every API view shares: the error shape, and Django's error handlers.

Every error under /api/ answers {"error": {"code": ..., "message": ..., "fields": {...}}}
with its status, whatever DEBUG says; `message` is a sentence a person can act on, `fields`
maps input names to problems. Domain errors (core.errors) are mapped here for the API and in
core.middleware for the pages; the handlers below answer JSON under /api/ and pages elsewhere.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import TOO_LARGE, Busy, ReverieError, domain_error
from core.field_errors import field_messages, input_serializer_of, sentence

log = logging.getLogger(__name__)

GENERIC_MESSAGES = {
    "not_found": _("There is nothing here. It may have been deleted, or it is not yours."),
    "not_authenticated": _("Sign in or send an API token (Authorization: Token <key>)."),
    "authentication_failed": _("That API token is not valid."),
    "permission_denied": _("You are not allowed to do that."),
    "method_not_allowed": _("This address does not accept that method."),
    "unsupported_media_type": _("Send the request as JSON or multipart form data."),
    "parse_error": _("The request body could not be read; check that it is well-formed."),
}
SERVER_ERROR = _("Something went wrong on our side. Please try again.")
NOT_HANDLED = _("The request could not be handled.")
STATUS_ERRORS = {
    400: ("bad_request", _("The request could not be read.")),
    403: ("permission_denied", GENERIC_MESSAGES["permission_denied"]),
    404: ("not_found", GENERIC_MESSAGES["not_found"]),
    405: ("method_not_allowed", GENERIC_MESSAGES["method_not_allowed"]),
    413: ("too_large", _(TOO_LARGE)),
    500: ("server_error", SERVER_ERROR),
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


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
        message = _first_message(serializer, fields) or str(_("The request is not valid."))
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
            message = str(generic or detail or NOT_HANDLED)
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
    code, message = STATUS_ERRORS.get(status_code, ("error", NOT_HANDLED))
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


def domain_error_response(request: HttpRequest, error: ReverieError) -> HttpResponse:
    """A domain error as the API's error shape under /api/, else as the site's error page."""
    if is_api(request):
        response: HttpResponse = JsonResponse(
            error_body(error.code, error.public_message, error.fields), status=error.status)
    else:
        context = {"title": ERROR_TITLES.get(error.status, _("That did not work")),
                   "message": error.public_message, "status": error.status,
                   "site_name": settings.SITE_NAME}
        # A busy database would fail the page's own lookups (the signed-in user): rendered
        # without the request then, like the 500 page.
        html = render_to_string("error.html", context,
                                request=None if isinstance(error, Busy) else request)
        response = HttpResponse(html, status=error.status)
    for name, value in retry_headers(error).items():
        response[name] = value
    return response


ERROR_TITLES = {503: _("Not available just now"), 429: _("Please wait a moment"),
                413: _("Too large"), 404: _("Not found")}


def handler500(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`: an error raised outside a view (a middleware
    # reading the session from a database whose pool is empty) is still a domain error.
    error = domain_error(sys.exc_info()[1]) if sys.exc_info()[1] is not None else None
    if error is not None:
        return domain_error_response(request, error)
    if is_api(request):
        return status_json(500)
    # Rendered without the request: whatever broke (the database, the session) must not
    # break the error page too.
    html = render_to_string("500.html", {"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
