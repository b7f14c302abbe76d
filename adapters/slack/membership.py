"""Is the bot in a channel? (``conversations.info`` -> ``is_member``), for commands that name a channel.

``digest subscribe <#C123>`` should only be accepted when the bot can post there. The core is synchronous and runs
in a worker thread, so ``SlackChannelAccess.check`` is blocking (slack-sdk's ``WebClient``); ``is_member`` is the
same check for async callers. Both answer False when Slack says the channel does not exist or cannot be read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import Settings
from adapters.slack.clients import API_ERRORS, TIMEOUT_SECONDS, api_base_url, bot_token, error_code
from bot.messages import Destination

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelCheck:
    """``ok`` when the bot can post in ``channel``; otherwise ``hint`` says how to let it in."""

    channel: str
    ok: bool
    hint: str = ""


def invite_hint(channel: str) -> str:
    return f"I'm not in <#{channel}> yet. Invite me there first: type `/invite @Backend Mentor` in that channel."


def _member(response: Any) -> bool:
    return bool((response.get("channel") or {}).get("is_member"))


async def is_member(client: AsyncWebClient, channel: str) -> bool:
    """True when the bot is a member of ``channel``."""
    try:
        return _member(await client.conversations_info(channel=channel))
    except API_ERRORS as exc:
        log.info("conversations.info failed", extra={"channel": channel, "error": error_code(exc)})
        return False


class SlackChannelAccess:
    """Blocking membership check for the core (call it from ``Mentor.handle``'s worker thread)."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackChannelAccess:
        return cls(WebClient(token=bot_token(settings), base_url=api_base_url(settings), timeout=TIMEOUT_SECONDS))

    def check(self, channel: str) -> ChannelCheck:
        try:
            ok = _member(self._client.conversations_info(channel=channel))
        except (SlackClientError, OSError) as exc:
            log.info("conversations.info failed", extra={"channel": channel, "error": error_code(exc)})
            ok = False
        return ChannelCheck(channel, ok, "" if ok else invite_hint(channel))

    def can_post(self, destination: Destination) -> str | None:
        """The core's ``ChannelAccess`` port: None when the bot is in the channel, else how to invite it."""
        if destination.channel is None:
            return None
        check = self.check(destination.channel)
        return None if check.ok else check.hint
