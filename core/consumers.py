from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddleware, get_user
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.db import connections

from core.ownership import SESSION_OWNER_KEY, Owner

TOKEN_PROTOCOL = "reverie.token"


def any_thread(func):
    """`func` run from async code in any of the loop's worker threads, its database
    connection handed back afterwards. channels' default is one thread a process for every
    socket's lookups, so under load a connect queued for seconds behind everyone else's."""

    def call_and_give_back(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        finally:
            # Here, inside the call's own context: Django keeps connections per context, and
            # the one this call opened is not the one its thread would close afterwards.
            connections.close_all()

    return sync_to_async(call_and_give_back, thread_sensitive=False)


class SocketAuthMiddleware(AuthMiddleware):
    """channels' AuthMiddleware, reading the session's user in any worker thread."""

    async def resolve_scope(self, scope: dict) -> None:
        scope["user"]._wrapped = await any_thread(get_user.func)(scope)


def socket_auth_stack(inner: Any) -> Any:
    """Cookies, session and user for a socket, as channels' AuthMiddlewareStack gives them."""
    return CookieMiddleware(SessionMiddleware(SocketAuthMiddleware(inner)))


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

    async def dispatch(self, message: dict) -> None:
        # channels first closes stale database connections in its one shared thread before
        # every message, each job update to each socket included, so a thousand sockets
        # queued there. This consumer uses no connection outside `any_thread`, which gives
        # its own back.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

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
        return await any_thread(_scope_owner)(self.scope)


def _subprotocol_key(scope: dict) -> str | None:
    protocols = list(scope.get("subprotocols") or [])
    if TOKEN_PROTOCOL in protocols:
        after = protocols.index(TOKEN_PROTOCOL) + 1
        return protocols[after] if after < len(protocols) else ""
    return None


def _scope_owner(scope: dict) -> Owner | None:
    key = _subprotocol_key(scope)
    if key is not None:
        from core.authentication import token_user

        user = token_user(key) if key else None
        return Owner(user_id=user.pk) if user is not None else None
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        return Owner(user_id=user.pk)
    session = scope.get("session")
    key = session.get(SESSION_OWNER_KEY) if session else None
    return Owner(session_key=key) if key else None
