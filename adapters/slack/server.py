"""Running the Slack app: Socket Mode when ``SLACK_APP_TOKEN`` is set, else HTTP (``POST /slack/events``).

``run_slack(app)`` is the entry point ``mentor run`` calls; it runs until cancelled, then shuts down cleanly: the
server stops listening, answers already being worked on get a few seconds to finish, connections are closed.
It installs no signal handlers: the caller turns SIGTERM/SIGINT into a cancellation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.body_limit import BodyLimit
from adapters.bootstrap import App
from adapters.http_serving import http_server, serve_until_cancelled
from adapters.slack.app import Bridge, WorkspaceGone, build_slack_app
from adapters.slack.clients import http_session
from adapters.slack.edge import SlackEdge
from adapters.slack.installations import Installations
from adapters.sql.seen_events import SeenEvents

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DRAIN_SECONDS = 10.0
MAX_BODY_BYTES = 1024 * 1024  # refused with 413 before Bolt parses it; Slack's own payloads are far smaller


def build_asgi(slack_app: AsyncApp, routes: Sequence[BaseRoute] = (), *, signing_secret: str) -> Starlette:
    """``POST /slack/events`` (events, slash commands, interactivity), ``GET /healthz``.

    Bodies over ``MAX_BODY_BYTES`` get 413 before anything parses them; the rest pass ``SlackEdge`` (signature
    checked with ``signing_secret``, body parsed, requests the bot does not act on answered there) before Bolt.

    ``routes`` are served on the same port and take precedence (e.g. the web role's ``/healthz`` and ``/metrics``).
    """
    handler = AsyncSlackRequestHandler(slack_app)  # the install flow's GET pages
    edge = SlackEdge(slack_app, signing_secret)

    async def events(request: Request) -> Response:
        return await edge.handle(request)

    async def oauth(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    own = [Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    if slack_app.oauth_flow is not None:  # multi-workspace: the install link and Slack's redirect back
        flow = slack_app.oauth_flow
        own += [Route(path, oauth, methods=["GET"]) for path in (flow.install_path, flow.redirect_uri_path)]
    return Starlette(routes=[*routes, *own], middleware=[Middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)])


async def run_socket_mode(slack_app: AsyncApp, app_token: str) -> None:
    """Hold a Socket Mode connection (aiohttp) until cancelled; no public URL needed."""
    handler = AsyncSocketModeHandler(slack_app, app_token, web_client=slack_app.client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("slack socket mode connected")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def run_slack(
    app: App,
    *,
    on_uninstalled: WorkspaceGone | None = None,
    routes: Sequence[BaseRoute] = (),
    on_installed: WorkspaceGone | None = None,
) -> None:
    """Run the Slack adapter for the wired ``app`` (settings, mentor, store) until cancelled.

    ``on_uninstalled(team_id)`` (optional) is awaited when a workspace uninstalls the app or revokes its bot token,
    e.g. to pause that workspace's schedules. In HTTP mode ``routes`` are served next to ``/slack/events`` (the web
    role's ``/healthz`` and ``/metrics``); Socket Mode opens no port. With ``SLACK_CLIENT_ID`` and
    ``SLACK_CLIENT_SECRET`` (multi-workspace, HTTP mode only) ``/slack/install`` and ``/slack/oauth_redirect`` are
    served too, each workspace's token lives in the database, and ``on_installed(team_id)`` (optional) is awaited
    after each install, e.g. to resume that workspace's schedules.
    """
    settings = app.settings
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ValueError("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
    multi_workspace = settings.slack_oauth
    if multi_workspace and settings.slack_app_token is not None:
        raise ValueError("the multi-workspace install (SLACK_CLIENT_ID) runs in HTTP mode: unset SLACK_APP_TOKEN")
    installations = Installations.from_settings(settings, app.store.engine) if multi_workspace else None
    seen = SeenEvents(app.store.engine)
    async with http_session(settings) as session:
        bridge = Bridge.create(app.mentor, settings, seen, session)
        slack_app = build_slack_app(
            app.mentor,
            settings,
            seen,
            session=session,
            bridge=bridge,
            on_uninstalled=on_uninstalled,
            installations=installations,
            on_installed=on_installed,
        )
        try:
            if settings.slack_app_token is not None:
                await run_socket_mode(slack_app, settings.slack_app_token.get_secret_value())
            else:
                log.info("slack http mode", extra={"port": settings.port, "path": EVENTS_PATH})
                secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
                asgi = build_asgi(slack_app, routes, signing_secret=secret)
                await serve_until_cancelled(http_server(asgi, settings.port))
        finally:
            await asyncio.shield(bridge.drain(DRAIN_SECONDS))
