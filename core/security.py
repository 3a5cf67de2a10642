from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

_DEFAULT_PORTS = {"http": 80, "https": 443}


class BrowserOriginValidator:
    """Refuse WebSockets opened by pages of other origins; let programs without Origin in.

    Browsers always send Origin on a WebSocket handshake, so a missing one is a program (it
    authenticates with its token as a subprotocol). A present one must be this site's own
    origin — scheme, host and port all equal to the handshake's — or one listed in
    CSRF_TRUSTED_ORIGINS: another port of the same host is another site.
    """

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)


def origin_allowed(scope: dict) -> bool:
    sent = [value for name, value in scope.get("headers", []) if name == b"origin"]
    if not sent:
        return True
    origin = _parse(sent[-1].decode("latin1"))
    trusted = {_parse(item) for item in settings.CSRF_TRUSTED_ORIGINS}
    return origin is not None and (origin == _own_origin(scope) or origin in trusted)


def _own_origin(scope: dict) -> tuple[str, str, int] | None:
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"").decode("latin1")
    if not host:
        return None
    secure = scope.get("scheme") in {"wss", "https"}
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:  # the TLS proxy says which scheme the browser used
        name = proxy[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        secure = headers.get(name, b"").decode("latin1") == proxy[1]
    return _parse(f"{'https' if secure else 'http'}://{host}")


def _parse(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        return _origin_tuple(parts.scheme, parts.hostname, parts.port)
    except ValueError:
        return None


def _origin_tuple(scheme: str, host: str | None, port: int | None) -> tuple[str, str, int] | None:
    scheme = scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    return scheme, host.lower(), port or _DEFAULT_PORTS[scheme]
