"""A small fake of Discord's gateway on 127.0.0.1: HELLO, READY after IDENTIFY, heartbeat ACKs, RESUMED, RECONNECT.

Frames are plain JSON text, which discord.py accepts beside its zlib stream.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord import payloads


class FakeGateway:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self._sequence = 0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"ws://127.0.0.1:{self._runner.addresses[0][1]}/"

    async def stop(self) -> None:
        for socket in self.sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_for_op(self, op: int, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        async def enough() -> list[dict[str, Any]]:
            while len(found := [p for p in self.received if p["op"] == op]) < count:
                self._changed.clear()
                await self._changed.wait()
            return found

        return await asyncio.wait_for(enough(), timeout)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event on the newest connection."""
        self._sequence += 1
        await self.sockets[-1].send_str(json.dumps({"op": 0, "t": event, "s": self._sequence, "d": data}))

    async def ask_to_reconnect(self) -> None:
        await self.sockets[-1].send_str(json.dumps({"op": 7, "d": None}))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            self.received.append(payload)
            self._changed.set()
            if payload["op"] == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:
                await self.dispatch("READY", self._ready())
                await self.dispatch("GUILD_CREATE", payloads.guild_create())
            elif payload["op"] == 6:
                await self.dispatch("RESUMED", {})
        return socket

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": payloads.bot_user(),
            "guilds": [{"id": payloads.GUILD_ID, "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.url,
            "application": {"id": payloads.APP_ID, "flags": 0},
            "shard": [0, 1],
        }
