"""Outbound messengers at the edge: the console printer and a router by platform."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from typing import TextIO

from adapters.console import plain_text_numbered
from bot.messages import Destination, Reply
from bot.ports import FindResult, Messenger, Presence, SendOutcome, SendResult


class ConsoleMessenger:
    """Prints what the bot sends by itself (digests, check-ins) to the terminal."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        target = f"#{destination.channel}" if destination.channel else f"DM {destination.user}"
        out = self.out or sys.stdout  # looked up now: at the prompt, stdout prints above the prompt line
        out.write(f"\n--- scheduled message to {target} ---\n{plain_text_numbered(reply)}\n\n")
        out.flush()
        return SendResult(SendOutcome.DELIVERED)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        """Printing cannot fail halfway, so no outcome is ever unknown here; nothing to look for."""
        return FindResult(Presence.ABSENT)


class RoutingMessenger:
    """Sends each destination through the messenger of its platform."""

    def __init__(self, by_platform: Mapping[str, Messenger]) -> None:
        self.by_platform = dict(by_platform)

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        messenger = self.by_platform.get(destination.platform)
        if messenger is None:
            return SendResult(SendOutcome.NOT_SENT, detail=self._missing(destination))
        return await messenger.send(destination, reply, delivery_key)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        messenger = self.by_platform.get(destination.platform)
        if messenger is None:
            return FindResult(Presence.CANNOT_TELL, self._missing(destination), retry_after=60.0)
        return await messenger.find(destination, delivery_key, since)

    @staticmethod
    def _missing(destination: Destination) -> str:
        return f"{destination.platform} is not configured in this process"
