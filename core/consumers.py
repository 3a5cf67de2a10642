from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.ownership import SESSION_OWNER_KEY, Owner

TOKEN_PROTOCOL = "reverie.token"


class JobsConsumer(AsyncJsonWebsocketConsumer):
    """/ws/jobs/: pushes {"type": "job.update", "job": <job>} for the connection's owner.

    A program sends its API token as a subprotocol pair, `Sec-WebSocket-Protocol:
    reverie.token, <key>` (never in the URL, which access logs keep); the server answers
    `reverie.token`. Without one the owner is the signed-in user, else the anonymous visitor
    of the session cookie. A connection with no owner is refused (close code 4401).
    """

    group: str | None = None

    async def connect(self) -> None:
        owner = await self._owner()
        if owner is None:
            await self.close(code=4401)
            return
        self.group = owner.group
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept(TOKEN_PROTOCOL if _subprotocol_key(self.scope) else None)

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The socket only pushes; a ping keeps proxies from closing an idle connection.
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def job_update(self, event: dict) -> None:
        await self.send_json({"type": "job.update", "job": self._absolute(event["job"])})

    def _absolute(self, job: dict) -> dict:
        """The job's links made absolute for this connection's host, as the HTTP API gives
        them (the broadcast is made without a request, so it carries paths)."""
        host = dict(self.scope.get("headers") or []).get(b"host", b"").decode("latin1")
        if not host:
            return job
        base = f"{'https' if self.scope.get('scheme') == 'wss' else 'http'}://{host}"
        links = {name: base + job[name] for name in ("result_url", "page_url")
                 if isinstance(job.get(name), str) and job[name].startswith("/")}
        return {**job, **links}

    async def _owner(self) -> Owner | None:
        key = _subprotocol_key(self.scope)
        if key is not None:
            user_id = await _token_user_id(key)
            return Owner(user_id=user_id) if user_id is not None else None
        user = self.scope.get("user")
        if user is not None and user.is_authenticated:
            return Owner(user_id=user.pk)
        session = self.scope.get("session")
        key = await database_sync_to_async(session.get)(SESSION_OWNER_KEY) if session else None
        return Owner(session_key=key) if key else None


def _subprotocol_key(scope: dict) -> str | None:
    protocols = list(scope.get("subprotocols") or [])
    if TOKEN_PROTOCOL in protocols:
        after = protocols.index(TOKEN_PROTOCOL) + 1
        return protocols[after] if after < len(protocols) else ""
    return None


@database_sync_to_async
def _token_user_id(key: str) -> int | None:
    from core.authentication import token_user

    user = token_user(key) if key else None
    return user.pk if user is not None else None
