from __future__ import annotations

import asyncio
from typing import Any

from channels.layers import InMemoryChannelLayer


class ThreadSafeInMemoryChannelLayer(InMemoryChannelLayer):
    """The in-memory layer, callable from the in-process job threads.

    Channels' InMemoryChannelLayer keeps asyncio queues that belong to the server's event loop;
    a job thread sending from its own loop would corrupt them. Sends from another loop are
    handed to the loop the consumers receive on.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._home_loop: asyncio.AbstractEventLoop | None = None

    async def receive(self, channel: str) -> dict:
        self._home_loop = asyncio.get_running_loop()
        return await super().receive(channel)

    async def group_send(self, group: str, message: dict) -> None:
        home = self._home_loop
        if home is None or home is asyncio.get_running_loop() or home.is_closed():
            await super().group_send(group, message)
            return
        future = asyncio.run_coroutine_threadsafe(super().group_send(group, message), home)
        await asyncio.wrap_future(future)

    async def send(self, channel: str, message: dict) -> None:
        home = self._home_loop
        if home is None or home is asyncio.get_running_loop() or home.is_closed():
            await super().send(channel, message)
            return
        future = asyncio.run_coroutine_threadsafe(super().send(channel, message), home)
        await asyncio.wrap_future(future)
