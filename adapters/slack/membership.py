"""Is the bot in a channel? (``conversations.info`` -> ``is_member``), for commands that name a channel.

``digest subscribe <#C123>`` should only be accepted when the bot can post there. The core is synchronous and runs
in a worker thread, so ``SlackChannelAccess.check`` is blocking (slack-sdk's ``WebClient``); ``is_member`` is the
same check for async callers. Both answer False when Slack says the channel does not exist or cannot be read.
With a multi-workspace install the check uses the bot token of the destination's workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.settings import Settings
from adapters.slack.clients import API_ERRORS, TIMEOUT_SECONDS, api_base_url, default_token, error_code
from adapters.slack.installations import Installations
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
    """Blocking membership check for the core (call it from ``Mentor.handle``'s worker thread).

    ``tokens`` (multi-workspace install) gives each workspace's bot token; without it ``client``'s token is used.
    """

    def __init__(self, client: WebClient, tokens: Callable[[str], str | None] | None = None) -> None:
        self._client = client
        self._tokens = tokens

    @classmethod
    def from_settings(cls, settings: Settings, engine: Engine | None = None) -> SlackChannelAccess:
        client = WebClient(token=default_token(settings), base_url=api_base_url(settings), timeout=TIMEOUT_SECONDS)
        if not settings.slack_oauth:
            return cls(client)
        if engine is None:
            raise ValueError("a multi-workspace Slack install (SLACK_CLIENT_ID) needs the database for its tokens")
        return cls(client, Installations.from_settings(settings, engine).bot_token)

    def check(self, channel: str, client: WebClient | None = None) -> ChannelCheck:
        try:
            ok = _member((client or self._client).conversations_info(channel=channel))
        except (SlackClientError, OSError) as exc:
            log.info("conversations.info failed", extra={"channel": channel, "error": error_code(exc)})
            ok = False
        return ChannelCheck(channel, ok, "" if ok else invite_hint(channel))

    def can_post(self, destination: Destination) -> str | None:
        """The core's ``ChannelAccess`` port: None when the bot is in the channel, else how to invite it."""
        if destination.channel is None:
            return None
        client = self._client_for(destination.workspace)
        if client is None:
            return "I'm not installed in this workspace any more. Ask an admin to add me again."
        check = self.check(destination.channel, client)
        return None if check.ok else check.hint

    def _client_for(self, workspace: str) -> WebClient | None:
        if self._tokens is None:
            return self._client
        try:
            token = self._tokens(workspace)
        except SQLAlchemyError as exc:
            log.warning("slack token lookup failed", extra={"error": type(exc).__name__})
            return None
        if token is None:
            return None
        return WebClient(token=token, base_url=self._client.base_url, timeout=self._client.timeout)
