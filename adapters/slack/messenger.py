"""``SlackMessenger``: the core's ``Messenger`` port over the Web API, for scheduled sends (digests, check-ins).

It needs only the bot token (no Socket Mode connection, no web process), never sleeps on a rate limit and never
raises for a failed send: the outcome says what happened and the caller decides when to try again. With a
multi-workspace install it reads the bot token of each destination's workspace from the installation store at every
send (a reinstall's new token is used at once; a workspace without an installation is GONE).

Each message carries Slack message metadata (``event_type`` ``mentor_delivery``, the delivery key in its payload),
so ``find`` can look for it in ``conversations.history`` after a send whose outcome was unknown. Those reads need
the ``channels:history`` and ``groups:history`` scopes and are budgeted per workspace
(``MENTOR_SLACK_CHECKS_PER_MINUTE``): Slack limits ``conversations.history`` sharply for some apps.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.budget import Budget
from adapters.settings import Settings
from adapters.slack.clients import API_ERRORS, error_code, outbound_client, with_token
from adapters.slack.delivery import Delivery
from adapters.slack.installations import Installations
from adapters.slack.outcomes import FORBIDDEN_ERRORS, GONE_ERRORS, classify, retry_after
from adapters.slack.render import render
from bot.messages import Destination, Reply
from bot.ports import FindResult, Presence, SendOutcome, SendResult

log = logging.getLogger(__name__)

EVENT_TYPE = "mentor_delivery"
LOOK_BEFORE = timedelta(minutes=2)  # clocks differ a little between us and Slack
LOOK_AFTER = timedelta(minutes=15)  # an attempt ends well within this after it started
HISTORY_PAGE = 100
HISTORY_PAGES = 3
CHECK_RETRY_SECONDS = 30.0
SCOPE_HINT = "the app lacks the channels:history or groups:history scope: reinstall it to grant them"

TokenLookup = Callable[[str], str | None]  # workspace id -> its bot token, None when not installed (blocking)


class SlackMessenger:
    """Sends a reply to a channel, or to a user's DM when the destination has a user and no channel.

    ``tokens`` (multi-workspace install) gives each destination workspace's bot token; without it every send uses
    ``client``'s token.
    """

    def __init__(self, client: AsyncWebClient, tokens: TokenLookup | None = None, checks: Budget | None = None) -> None:
        self._client = client
        self._delivery = Delivery(client)
        self._tokens = tokens
        self._workspaces: dict[str, tuple[str, Delivery]] = {}
        self._checks = checks or Budget(20)

    @classmethod
    def from_settings(
        cls, settings: Settings, session: aiohttp.ClientSession | None = None, engine: Engine | None = None
    ) -> SlackMessenger:
        """``SLACK_BOT_TOKEN``; with ``SLACK_CLIENT_ID``, each workspace's token from the database (``engine``)."""
        checks = Budget(settings.mentor_slack_checks_per_minute)
        if not settings.slack_oauth:
            return cls(outbound_client(settings, session), checks=checks)
        if engine is None:
            raise ValueError("a multi-workspace Slack install (SLACK_CLIENT_ID) needs the database for its tokens")
        tokens = Installations.from_settings(settings, engine).bot_token
        return cls(outbound_client(settings, session), tokens, checks)

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        """Post the reply's messages, then its files. Once part of it is out, report DELIVERED (with what is missing
        in ``detail``): trying again would post that part twice."""
        try:
            delivery = await self._delivery_for(destination.workspace)
        except SQLAlchemyError as exc:
            log.warning("slack token lookup failed", extra={"error": type(exc).__name__})
            return SendResult(SendOutcome.NOT_SENT, detail="token lookup failed")
        if delivery is None:
            return SendResult(SendOutcome.GONE, detail="the app is not installed in this workspace")
        return await self._send(delivery, destination, reply, delivery_key)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        """Look through the destination's history around ``since`` for a message carrying ``delivery_key``."""
        try:
            delivery = await self._delivery_for(destination.workspace)
        except SQLAlchemyError:
            return FindResult(Presence.CANNOT_TELL, "token lookup failed", CHECK_RETRY_SECONDS)
        if delivery is None:
            return FindResult(Presence.CANNOT_TELL, "the app is not installed in this workspace")
        try:
            channel = await self._channel(delivery, destination, to_dm=False)
            if channel is None:
                return FindResult(Presence.CANNOT_TELL, "no channel and no user")
            return await self._look(delivery.client, destination.workspace, channel, delivery_key, since)
        except API_ERRORS as exc:
            return _check_failed(exc)

    async def _look(
        self, client: AsyncWebClient, workspace: str, channel: str, key: str, since: datetime
    ) -> FindResult:
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            if not self._checks.take(workspace):
                wait = self._checks.wait(workspace) or CHECK_RETRY_SECONDS
                return FindResult(Presence.CANNOT_TELL, "the workspace's budget of history reads is spent", wait)
            page = await client.conversations_history(
                channel=channel,
                oldest=f"{(since - LOOK_BEFORE).timestamp():.6f}",
                latest=f"{(since + LOOK_AFTER).timestamp():.6f}",
                inclusive=True,
                limit=HISTORY_PAGE,
                include_all_metadata=True,
                cursor=cursor,
            )
            if any(_carries(message, key) for message in page.get("messages") or []):
                return FindResult(Presence.FOUND)
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not page.get("has_more") or not cursor:
                return FindResult(Presence.ABSENT)
        return FindResult(Presence.CANNOT_TELL, "too many messages around the attempt to look through")

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

    @staticmethod
    async def _channel(delivery: Delivery, destination: Destination, *, to_dm: bool) -> str | None:
        if destination.user and (destination.channel is None or to_dm):
            return await delivery.open_dm(destination.user)
        return destination.channel

    async def _send(self, delivery: Delivery, destination: Destination, reply: Reply, key: str) -> SendResult:
        posted, posting = 0, False
        try:
            channel = await self._channel(delivery, destination, to_dm=reply.to_dm)
            if channel is None:
                return SendResult(SendOutcome.GONE, detail="no channel and no user")
            for part, message in enumerate(render(reply)):
                posting = True
                metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": key, "part": part}}
                await delivery.post(channel, None, [message], metadata)
                posted += 1
            posting = False
            await delivery.upload(channel, None, reply.files)
        except API_ERRORS as exc:
            result = classify(exc)
            log.info("slack send failed", extra={"outcome": result.outcome.value, "error": result.detail})
            if posted:
                detail = f"partial: {posted} message(s) out, then {result.detail}"
                return SendResult(SendOutcome.DELIVERED, detail=detail)
            if not posting and result.outcome is SendOutcome.UNKNOWN:  # opening the DM: nothing was posted
                return SendResult(SendOutcome.NOT_SENT, detail=result.detail)
            return result
        return SendResult(SendOutcome.DELIVERED)


def _carries(message: dict[str, Any], key: str) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return bool(metadata.get("event_type") == EVENT_TYPE and payload.get("key") == key)


def _check_failed(exc: BaseException) -> FindResult:
    code = error_code(exc)
    if isinstance(exc, SlackApiError):
        if code == "missing_scope":
            return FindResult(Presence.CANNOT_TELL, SCOPE_HINT)
        if exc.response.status_code == 429 or code == "ratelimited":
            return FindResult(Presence.CANNOT_TELL, "history reads rate limited", max(1.0, retry_after(exc)))
        if code in GONE_ERRORS or code in FORBIDDEN_ERRORS:
            return FindResult(Presence.CANNOT_TELL, f"cannot read the channel: {code}")
    return FindResult(Presence.CANNOT_TELL, code, CHECK_RETRY_SECONDS)
