"""The Bolt ``AsyncApp``: each Slack surface is acknowledged at once, translated, answered off the loop, delivered.

Surfaces: any slash command (``/mentor``), ``app_mention`` (threaded reply), ``message.im`` (reply in the DM),
``block_actions`` of every button the core emits, and ``app_home_opened`` (the Home tab shows ``help``).
Events Slack delivers again (``X-Slack-Retry-Num``) are answered once: their id is recorded in the database.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from sqlalchemy.exc import SQLAlchemyError

from adapters.settings import Settings
from adapters.slack import inbound
from adapters.slack.clients import API_ERRORS, error_code, interactive_client
from adapters.slack.delivery import Delivery
from adapters.slack.inbound import Payload, Request
from adapters.slack.render import ACTION_PREFIX, reply_blocks
from adapters.slack.users import UserDirectory
from adapters.sql.seen_events import SeenEvents
from bot.mentor import Mentor

log = logging.getLogger(__name__)

HOME_MAX_BLOCKS = 100

WorkspaceGone = Callable[[str], Awaitable[None]]


class Bridge:
    """The work behind every listener: who is asking, the core's answer, the delivery."""

    def __init__(self, mentor: Mentor, users: UserDirectory, delivery: Delivery, seen: SeenEvents) -> None:
        self.mentor = mentor
        self.users = users
        self.delivery = delivery
        self.seen = seen
        self._in_flight: set[asyncio.Task[Any]] = set()

    @classmethod
    def create(
        cls, mentor: Mentor, settings: Settings, seen: SeenEvents, session: aiohttp.ClientSession | None = None
    ) -> Bridge:
        client = interactive_client(settings, session)
        return cls(mentor, UserDirectory(client), Delivery(client, session), seen)

    async def answer(self, request: Request) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            replies = await asyncio.to_thread(self.mentor.handle, request.incoming)
            await self.delivery.deliver(request.surface, replies)
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def drain(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) for answers already being worked on, e.g. before shutting down."""
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=timeout)

    async def first_delivery(self, body: Payload) -> bool:
        """False for an event already handled (here or in another process); errs on answering."""
        key = inbound.event_key(body)
        if key is None:
            return True
        try:
            first = await asyncio.to_thread(self.seen.first_time, key, datetime.now(UTC))
        except SQLAlchemyError:
            log.exception("event dedup failed; answering anyway")
            return True
        if not first:
            log.info("duplicate event ignored", extra={"event_id": body.get("event_id")})
        return first

    async def publish_home(self, body: Payload) -> None:
        event = body["event"]
        profile = await self.users.profile(event["user"])
        incoming = inbound.from_home(body, profile)
        replies = await asyncio.to_thread(self.mentor.handle, incoming)
        blocks = [block for reply in replies for block in reply_blocks(reply)][:HOME_MAX_BLOCKS]
        try:
            await self.delivery.client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})
        except API_ERRORS as exc:
            log.warning("views.publish failed", extra={"error": error_code(exc)})


def build_slack_app(
    mentor: Mentor,
    settings: Settings,
    seen_events: SeenEvents,
    *,
    session: aiohttp.ClientSession | None = None,
    bridge: Bridge | None = None,
    on_uninstalled: WorkspaceGone | None = None,
) -> AsyncApp:
    """The Bolt app for ``settings`` (bot token, signing secret, ``SLACK_API_URL``); nothing connects yet.

    ``session`` (optional) is shared by every Web API and ``response_url`` call; ``bridge`` lets the caller keep a
    handle on answers in flight (``run_slack`` drains them before closing); ``on_uninstalled(team_id)`` is awaited
    once when the app is uninstalled from a workspace or its bot token is revoked.
    """
    bridge = bridge or Bridge.create(mentor, settings, seen_events, session)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = AsyncApp(client=bridge.delivery.client, signing_secret=secret, logger=_bolt_logger())
    register(app, bridge, on_uninstalled)
    return app


class _SameTokenNotice(logging.Filter):
    """Bolt warns that ``SLACK_BOT_TOKEN`` from the environment goes unused when a client is given: it is that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _SameTokenNotice) for f in logger.filters):
        logger.addFilter(_SameTokenNotice())
    return logger


def register(app: AsyncApp, bridge: Bridge, on_uninstalled: WorkspaceGone | None = None) -> None:
    """Attach the listeners. Bolt passes arguments by parameter name (``ack``, ``body``, ``context``)."""

    @app.command(re.compile(r"^/"))
    async def on_command(ack: AsyncAck, body: Payload) -> None:
        await ack()
        profile = await bridge.users.profile(str(body["user_id"]))
        await bridge.answer(inbound.from_command(body, profile))

    @app.event("app_mention")
    async def on_mention(body: Payload, context: AsyncBoltContext) -> None:
        event = body["event"]
        if not event.get("user") or event.get("bot_id") or inbound.is_dm_channel(str(event.get("channel") or "")):
            return  # bots are not answered; a mention in the bot's DM also arrives as message.im
        if not await bridge.first_delivery(body):
            return
        profile = await bridge.users.profile(body["event"]["user"])
        await bridge.answer(inbound.from_mention(body, context.bot_user_id, profile))

    @app.event("message")
    async def on_message(body: Payload, context: AsyncBoltContext) -> None:
        if not inbound.is_person_dm(body) or not await bridge.first_delivery(body):
            return
        profile = await bridge.users.profile(body["event"]["user"])
        await bridge.answer(inbound.from_dm(body, context.bot_user_id, profile))

    @app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))
    async def on_click(ack: AsyncAck, body: Payload, action: Payload) -> None:
        await ack()
        user = str(body["user"]["id"])
        profile = await bridge.users.profile(user)
        dm = None if body.get("response_url") else await _open_dm(bridge, user)
        await bridge.answer(inbound.from_click(body, action, profile, dm))

    @app.event("app_home_opened")
    async def on_home(body: Payload) -> None:
        if body["event"].get("tab") == "home" and await bridge.first_delivery(body):
            await bridge.publish_home(body)

    @app.event("app_uninstalled")
    @app.event("tokens_revoked")
    async def on_uninstall(body: Payload) -> None:
        event = body["event"]
        if event["type"] == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # only user tokens went: the bot can still post
        team = str(body.get("team_id") or "")
        log.info("slack access ended", extra={"event": event["type"], "team": team})
        if on_uninstalled is not None and await bridge.first_delivery(body):
            await on_uninstalled(team)


async def _open_dm(bridge: Bridge, user: str) -> str | None:
    try:
        return await bridge.delivery.open_dm(user)
    except API_ERRORS as exc:
        log.warning("conversations.open failed", extra={"error": error_code(exc)})
        return None
