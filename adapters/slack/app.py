"""The Bolt ``AsyncApp``: each Slack surface is acknowledged at once, translated, answered off the loop, delivered.

Surfaces: any slash command (``/mentor``), ``app_mention`` (threaded reply), ``message.im`` (reply in the DM),
``block_actions`` of every button the core emits, ``app_home_opened`` (the Home tab shows the person's home;
a button pressed there is answered in their DM, then the home is published again), and the assistant pane
(``assistant_thread_started`` and messages in its threads, :mod:`adapters.slack.assistant`).
Events Slack delivers again (``X-Slack-Retry-Num``) are answered once: their id is recorded in the database.
With a multi-workspace install every request is answered with the bot token of its own workspace.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from adapters.settings import Settings
from adapters.slack import inbound
from adapters.slack.assistant import build_assistant
from adapters.slack.clients import API_ERRORS, error_code, interactive_client
from adapters.slack.delivery import Delivery
from adapters.slack.inbound import Payload, Request
from adapters.slack.installations import Installations
from adapters.slack.oauth import WorkspaceEvent, oauth_settings
from adapters.slack.render import ACTION_PREFIX, home_view
from adapters.slack.users import UserDirectory
from adapters.sql.assistant_threads import AssistantThreads
from adapters.sql.seen_events import SeenEvents
from bot.mentor import Mentor
from bot.messages import Incoming

log = logging.getLogger(__name__)

WorkspaceGone = Callable[[str], Awaitable[None]]
ANSWER_THREADS = 2  # the core's answers computed at once in the web process
ANSWER_PIPELINES = 16  # requests worked on after their ack at once; a burst waits here, cheaply, not on the acks


@dataclass(frozen=True)
class Workspace:
    """The Web API tools for one workspace: who is asking (``users.info``) and where answers go."""

    token: str | None
    users: UserDirectory
    delivery: Delivery


class Bridge:
    """The work behind every listener: who is asking, the core's answer, the delivery."""

    def __init__(
        self,
        mentor: Mentor,
        users: UserDirectory,
        delivery: Delivery,
        seen: SeenEvents,
        *,
        multi_workspace: bool = False,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.mentor = mentor
        self.users = users
        self.delivery = delivery
        self.seen = seen
        self.multi_workspace = multi_workspace
        self._session = session
        self._single = Workspace(None, users, delivery)
        self._workspaces: dict[str, Workspace] = {}
        self._in_flight: set[asyncio.Task[Any]] = set()
        # Answers run in worker threads; more than a couple at once only fight the event loop for the GIL, and the
        # event loop is what acknowledges the next request within Slack's 3 s.
        self._thinking = asyncio.Semaphore(ANSWER_THREADS)
        self.pipelines = asyncio.Semaphore(ANSWER_PIPELINES)  # after an ack: who is asking, the answer, delivery

    @classmethod
    def create(
        cls, mentor: Mentor, settings: Settings, seen: SeenEvents, session: aiohttp.ClientSession | None = None
    ) -> Bridge:
        client = interactive_client(settings, session)
        users, delivery = UserDirectory(client), Delivery(client, session)
        return cls(mentor, users, delivery, seen, multi_workspace=settings.slack_oauth, session=session)

    @property
    def client(self) -> AsyncWebClient:
        """The app's client (with no token in multi-workspace mode: Bolt gives each request its workspace's)."""
        return self.delivery.client

    def workspace(self, context: AsyncBoltContext) -> Workspace:
        """The tools for the request's workspace, with the token Bolt authorized the request with."""
        if not self.multi_workspace:
            return self._single
        team, token = context.team_id or "", context.bot_token
        known = self._workspaces.get(team)
        if known is None or known.token != token:  # first request, or a reinstall changed the token
            client = context.client
            known = Workspace(token, UserDirectory(client), Delivery(client, self._session))
            self._workspaces[team] = known
        return known

    def forget(self, team: str) -> None:
        """Drop a workspace's cached tools (its tokens are gone)."""
        self._workspaces.pop(team, None)

    async def answer(self, request: Request, workspace: Workspace, *, refresh_home: bool = False) -> None:
        """The core's replies, delivered; with ``refresh_home`` (a button pressed in the Home tab) the home after."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            async with self._thinking:
                replies = await asyncio.to_thread(self.mentor.handle, request.incoming)
            await workspace.delivery.deliver(request.surface, replies)
            if refresh_home:
                await self.publish_home(workspace, inbound.home_of(request.incoming))
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

    async def publish_home(self, workspace: Workspace, incoming: Incoming) -> None:
        """Render the person's home from the core and publish it in their Home tab (``views.publish``)."""
        reply = await asyncio.to_thread(self.mentor.home, incoming)
        try:
            await workspace.delivery.client.views_publish(user_id=incoming.user, view=home_view(reply))
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
    installations: Installations | None = None,
    on_installed: WorkspaceEvent | None = None,
) -> AsyncApp:
    """The Bolt app for ``settings`` (bot token, signing secret, ``SLACK_API_URL``); nothing connects yet.

    ``session`` (optional) is shared by every Web API and ``response_url`` call; ``bridge`` lets the caller keep a
    handle on answers in flight (``run_slack`` drains them before closing); ``on_uninstalled(team_id)`` is awaited
    once when the app is uninstalled from a workspace or its bot token is revoked. With ``SLACK_CLIENT_ID`` and
    ``SLACK_CLIENT_SECRET``, ``installations`` (required then) holds each workspace's token: requests are authorized
    from it, the install flow saves to it, an uninstall deletes from it, and ``on_installed(team_id)`` follows each
    install.

    Bolt's own signature check is off: HTTP requests are verified once by ``server.build_asgi``'s ``SlackEdge``
    (Socket Mode needs none). Serve this app over HTTP only through ``build_asgi``.
    """
    bridge = bridge or Bridge.create(mentor, settings, seen_events, session)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    common: dict[str, Any] = {"signing_secret": secret, "logger": _bolt_logger(), "request_verification_enabled": False}
    if not settings.slack_oauth:
        app = _with_assistant(AsyncApp(client=bridge.client, **common), bridge, seen_events)
        register(app, bridge, on_uninstalled)
        return app
    if installations is None:
        raise ValueError("a multi-workspace Slack app (SLACK_CLIENT_ID) needs its installation store")
    oauth = oauth_settings(settings, installations, on_installed)
    app = AsyncApp(client=bridge.client, oauth_settings=oauth, **common)
    register(_with_assistant(app, bridge, seen_events), bridge, on_uninstalled, installations)
    return app


def _with_assistant(app: AsyncApp, bridge: Bridge, seen_events: SeenEvents) -> AsyncApp:
    """The assistant pane first: Bolt's middleware takes its events before the listeners below see them."""
    app.assistant(build_assistant(bridge, AssistantThreads(seen_events.engine)))
    return app


class _SameTokenNotice(logging.Filter):
    """Bolt warns that ``SLACK_BOT_TOKEN`` from the environment goes unused when a client is given: it is that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()  # "Unhandled request" carries the body: the edge logs its own one line
        return "`token` will be unused" not in message and not message.startswith("Unhandled request")


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, _SameTokenNotice) for f in logger.filters):
        logger.addFilter(_SameTokenNotice())
    return logger


def register(
    app: AsyncApp,
    bridge: Bridge,
    on_uninstalled: WorkspaceGone | None = None,
    installations: Installations | None = None,
) -> None:
    """Attach the listeners. Bolt passes arguments by parameter name (``ack``, ``body``, ``context``)."""

    @app.command(re.compile(r"^/"))
    async def on_command(ack: AsyncAck, body: Payload, context: AsyncBoltContext) -> None:
        await ack()
        async with bridge.pipelines:
            workspace = bridge.workspace(context)
            profile = await workspace.users.profile(str(body["user_id"]))
            await bridge.answer(inbound.from_command(body, profile), workspace)

    @app.event("app_mention")
    async def on_mention(body: Payload, context: AsyncBoltContext) -> None:
        event = body["event"]
        if not event.get("user") or event.get("bot_id") or inbound.is_dm_channel(str(event.get("channel") or "")):
            return  # bots are not answered; a mention in the bot's DM also arrives as message.im
        if not await bridge.first_delivery(body):
            return
        async with bridge.pipelines:
            workspace = bridge.workspace(context)
            profile = await workspace.users.profile(event["user"])
            await bridge.answer(inbound.from_mention(body, context.bot_user_id, profile), workspace)

    @app.event("message")
    async def on_message(body: Payload, context: AsyncBoltContext) -> None:
        if not inbound.is_person_dm(body) or not await bridge.first_delivery(body):
            return
        async with bridge.pipelines:
            workspace = bridge.workspace(context)
            profile = await workspace.users.profile(body["event"]["user"])
            await bridge.answer(inbound.from_dm(body, context.bot_user_id, profile), workspace)

    @app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))
    async def on_click(ack: AsyncAck, body: Payload, action: Payload, context: AsyncBoltContext) -> None:
        await ack()
        workspace = bridge.workspace(context)
        user = str(body["user"]["id"])
        profile = await workspace.users.profile(user)
        dm = None if body.get("response_url") else await _open_dm(workspace, user)
        request = inbound.from_click(body, action, profile, dm)
        await bridge.answer(request, workspace, refresh_home=inbound.is_home_click(body))

    @app.event("app_home_opened")
    async def on_home(body: Payload, context: AsyncBoltContext) -> None:
        if body["event"].get("tab") == "home" and await bridge.first_delivery(body):
            workspace = bridge.workspace(context)
            profile = await workspace.users.profile(body["event"]["user"])
            await bridge.publish_home(workspace, inbound.from_home(body, profile))

    @app.event("app_uninstalled")
    @app.event("tokens_revoked")
    async def on_uninstall(body: Payload) -> None:
        event = body["event"]
        if event["type"] == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return  # only user tokens went: the bot can still post
        team = str(body.get("team_id") or "")
        log.info("slack access ended", extra={"event": event["type"], "team": team})
        if not await bridge.first_delivery(body):
            return
        if installations is not None:
            removed = await asyncio.to_thread(installations.remove_workspace, team)
            bridge.forget(team)
            log.info("slack installation removed", extra={"team": team, "rows": removed})
        if on_uninstalled is not None:
            await on_uninstalled(team)


async def _open_dm(workspace: Workspace, user: str) -> str | None:
    try:
        return await workspace.delivery.open_dm(user)
    except API_ERRORS as exc:
        log.warning("conversations.open failed", extra={"error": error_code(exc)})
        return None
