from __future__ import annotations

from typing import Any

from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator


class BrowserOriginValidator(OriginValidator):
    """Refuse WebSockets opened by pages of other sites; let programs without Origin in.

    Browsers always send Origin on a WebSocket handshake, so a missing one is a program
    (it authenticates with ?token=); a present one must be one of ALLOWED_HOSTS.
    """

    def __init__(self, application: Any) -> None:
        allowed = AllowedHostsOriginValidator(application).allowed_origins
        super().__init__(application, allowed)

    def valid_origin(self, parsed_origin: Any) -> bool:
        return parsed_origin is None or self.validate_origin(parsed_origin)
