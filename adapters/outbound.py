"""Outbound messengers at the edge: the console printer and a router by platform."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from adapters.console import plain_text_numbered
from bot.messages import Destination, Reply
from bot.ports import Messenger, SendOutcome, SendResult


class ConsoleMessenger:
    """Prints what the bot sends by itself (digests, check-ins) to the terminal."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out

    async def send(self, destination: Destination, reply: Reply) -> SendResult:
        target = f"#{destination.channel}" if destination.channel else f"DM {destination.user}"
        out = self.out or sys.stdout  # looked up now: at the prompt, stdout prints above the prompt line
        out.write(f"\n--- scheduled message to {target} ---\n{plain_text_numbered(reply)}\n\n")
        out.flush()
        return SendResult(SendOutcome.SENT)


class RoutingMessenger:
    """Sends each destination through the messenger of its platform."""

    def __init__(self, by_platform: Mapping[str, Messenger]) -> None:
        self.by_platform = dict(by_platform)

    async def send(self, destination: Destination, reply: Reply) -> SendResult:
        messenger = self.by_platform.get(destination.platform)
        if messenger is None:
            return SendResult(SendOutcome.TRANSIENT, detail=f"{destination.platform} is not configured in this process")
        return await messenger.send(destination, reply)
