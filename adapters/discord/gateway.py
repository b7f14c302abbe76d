"""The gateway connection's state, read from the running client, for the discord role's health and metrics."""

from __future__ import annotations

import math
import time

import discord

STARTUP_SECONDS = 120.0  # logging in and identifying every shard takes a while
DOWN_TOLERATED_SECONDS = 120.0  # a routine reconnect or resume is not a failure


class GatewayWatch:
    """How many shards are connected now, and since when the connection has been incomplete."""

    def __init__(self, shard_count: int | None = None) -> None:
        self.shard_count = shard_count or 1
        self._client: discord.Client | None = None
        self._started = time.monotonic()
        self._last_complete: float | None = None

    def attach(self, client: discord.Client) -> None:
        self._client = client

    def connected_shards(self) -> int:
        """Shards whose websocket is open (0 before login and after close)."""
        client = self._client
        if client is None or client.is_closed():
            return 0
        if isinstance(client, discord.AutoShardedClient):
            connected = sum(1 for shard in client.shards.values() if not shard.is_closed())
        else:
            connected = 1 if client.ws is not None and client.ws.open else 0
        if connected >= self.shard_count:
            self._last_complete = time.monotonic()
        return connected

    def latency(self) -> float:
        return self._client.latency if self._client is not None else math.nan

    def healthy(self) -> tuple[bool, str]:
        """Healthy while every shard is connected, or it was not long ago (or we are still starting)."""
        connected = self.connected_shards()
        if connected >= self.shard_count:
            return True, f"{connected}/{self.shard_count} shards connected"
        since = self._last_complete if self._last_complete is not None else self._started
        down = time.monotonic() - since
        limit = DOWN_TOLERATED_SECONDS if self._last_complete is not None else STARTUP_SECONDS
        return down <= limit, f"{connected}/{self.shard_count} shards connected for {down:.0f} s"
