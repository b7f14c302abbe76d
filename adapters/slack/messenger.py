"""``SlackMessenger``: the core's ``Messenger`` port over the Web API, for scheduled sends (digests, check-ins).

It needs only the bot token (no Socket Mode connection, no web process), never sleeps on a rate limit and never
raises for a failed send: the outcome says what happened and the caller decides when to try again. With a
multi-workspace install it reads the bot token of each destination's workspace from the installation store at every
send (a reinstall's new token is used at once; a workspace without an installation is GONE).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.settings import Settings
from adapters.slack.clients import API_ERRORS, error_code, outbound_client, with_token
from adapters.slack.delivery import Delivery
from adapters.slack.installations import Installations
from adapters.slack.render import render
from bot.messages import Destination, Reply
from bot.ports import SendOutcome, SendResult

log = logging.getLogger(__name__)

# Slack errors after which sending to the same place again cannot work.
GONE_ERRORS = frozenset(
    {
        "account_inactive",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
        "messages_tab_disabled",
        "no_permission",
        "not_in_channel",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "team_access_not_granted",
        "token_revoked",
        "user_disabled",
        "user_not_found",
        "user_not_visible",
    }
)
DEFAULT_RETRY_AFTER = 1.0


TokenLookup = Callable[[str], str | None]  # workspace id -> its bot token, None when not installed (blocking)


class SlackMessenger:
    """Sends a reply to a channel, or to a user's DM when the destination has a user and no channel.

    ``tokens`` (multi-workspace install) gives each destination workspace's bot token; without it every send uses
    ``client``'s token.
    """

    def __init__(self, client: AsyncWebClient, tokens: TokenLookup | None = None) -> None:
        self._client = client
        self._delivery = Delivery(client)
        self._tokens = tokens
        self._workspaces: dict[str, tuple[str, Delivery]] = {}

    @classmethod
    def from_settings(
        cls, settings: Settings, session: aiohttp.ClientSession | None = None, engine: Engine | None = None
    ) -> SlackMessenger:
        """``SLACK_BOT_TOKEN``; with ``SLACK_CLIENT_ID``, each workspace's token from the database (``engine``)."""
        if not settings.slack_oauth:
            return cls(outbound_client(settings, session))
        if engine is None:
            raise ValueError("a multi-workspace Slack install (SLACK_CLIENT_ID) needs the database for its tokens")
        return cls(outbound_client(settings, session), Installations.from_settings(settings, engine).bot_token)

    async def send(self, destination: Destination, reply: Reply) -> SendResult:
        """Post the reply's messages, then its files. Once part of it is out, report SENT (with what is missing in
        ``detail``): trying again would post that part twice."""
        try:
            delivery = await self._delivery_for(destination.workspace)
        except SQLAlchemyError as exc:
            log.warning("slack token lookup failed", extra={"error": type(exc).__name__})
            return SendResult(SendOutcome.TRANSIENT, detail="token lookup failed")
        if delivery is None:
            return SendResult(SendOutcome.GONE, detail="the app is not installed in this workspace")
        return await self._send(delivery, destination, reply)

    async def _delivery_for(self, workspace: str) -> Delivery | None:
        if self._tokens is None:
            return self._delivery
        token = await asyncio.to_thread(self._tokens, workspace)
        if token is None:
            self._workspaces.pop(workspace, None)
            return None
        known = self._workspaces.get(workspace)
        if known is None or known[0] != token:  # first send there, or a reinstall changed the token
            known = (token, Delivery(with_token(self._client, token)))
            self._workspaces[workspace] = known
        return known[1]

    async def _send(self, delivery: Delivery, destination: Destination, reply: Reply) -> SendResult:
        posted = 0
        try:
            if destination.user and (destination.channel is None or reply.to_dm):
                channel = await delivery.open_dm(destination.user)
            elif destination.channel:
                channel = destination.channel
            else:
                return SendResult(SendOutcome.GONE, detail="no channel and no user")
            for message in render(reply):
                await delivery.post(channel, None, [message])
                posted += 1
            await delivery.upload(channel, None, reply.files)
        except API_ERRORS as exc:
            result = classify(exc)
            log.info("slack send failed", extra={"outcome": result.outcome.value, "error": result.detail})
            if posted:
                return SendResult(SendOutcome.SENT, detail=f"partial: {posted} message(s) out, then {result.detail}")
            return result
        return SendResult(SendOutcome.SENT)


def classify(exc: BaseException) -> SendResult:
    """429 -> RATE_LIMITED (with Retry-After), a dead destination -> GONE, anything else -> TRANSIENT."""
    code = error_code(exc)
    if isinstance(exc, SlackApiError):
        if exc.response.status_code == 429 or code == "ratelimited":
            return SendResult(SendOutcome.RATE_LIMITED, retry_after=_retry_after(exc), detail=code)
        if code in GONE_ERRORS:
            return SendResult(SendOutcome.GONE, detail=code)
    return SendResult(SendOutcome.TRANSIENT, detail=code)


def _retry_after(exc: SlackApiError) -> float:
    headers = exc.response.headers or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return DEFAULT_RETRY_AFTER
