"""Running the Slack app: Socket Mode when ``SLACK_APP_TOKEN`` is set, else HTTP (``POST /slack/events``).

``run_slack(app)`` is the entry point ``mentor run`` calls; it runs until cancelled, then shuts down cleanly: the
server stops listening, answers already being worked on get a few seconds to finish, connections are closed.
It installs no signal handlers: the caller turns SIGTERM/SIGINT into a cancellation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import aiohttp
import uvicorn
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.bootstrap import App
from adapters.slack.app import Bridge, WorkspaceGone, build_slack_app
from adapters.sql.seen_events import SeenEvents

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SEEN_EVENTS_KEPT = timedelta(days=1)
DRAIN_SECONDS = 10.0


def build_asgi(slack_app: AsyncApp, routes: Sequence[BaseRoute] = ()) -> Starlette:
    """``POST /slack/events`` (events, slash commands, interactivity; signature checked by Bolt), ``GET /healthz``.

    ``routes`` are served on the same port and take precedence (e.g. the web role's ``/healthz`` and ``/metrics``).
    """
    handler = AsyncSlackRequestHandler(slack_app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    own = [Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    return Starlette(routes=[*routes, *own])


class EmbeddedServer(uvicorn.Server):
    """uvicorn without signal handlers of its own: whoever runs ``run_slack`` owns SIGTERM/SIGINT and cancels it."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(asgi: Starlette, port: int, host: str = "0.0.0.0") -> uvicorn.Server:
    config = uvicorn.Config(asgi, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    return EmbeddedServer(config)


async def serve_until_cancelled(server: uvicorn.Server) -> None:
    """Serve; when cancelled, let uvicorn finish in-flight requests and close before re-raising."""
    task = asyncio.create_task(server.serve())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        server.should_exit = True
        await task
        raise


async def run_socket_mode(slack_app: AsyncApp, app_token: str) -> None:
    """Hold a Socket Mode connection (aiohttp) until cancelled; no public URL needed."""
    handler = AsyncSocketModeHandler(slack_app, app_token, web_client=slack_app.client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("slack socket mode connected")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


async def run_slack(app: App, *, on_uninstalled: WorkspaceGone | None = None, routes: Sequence[BaseRoute] = ()) -> None:
    """Run the Slack adapter for the wired ``app`` (settings, mentor, store) until cancelled.

    ``on_uninstalled(team_id)`` (optional) is awaited when a workspace uninstalls the app or revokes its bot token,
    e.g. to pause that workspace's schedules. In HTTP mode ``routes`` are served next to ``/slack/events`` (the web
    role's ``/healthz`` and ``/metrics``); Socket Mode opens no port.
    """
    settings = app.settings
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ValueError("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
    seen = SeenEvents(app.store.engine)
    await asyncio.to_thread(seen.prune, SEEN_EVENTS_KEPT, datetime.now(UTC))
    async with aiohttp.ClientSession() as session:
        bridge = Bridge.create(app.mentor, settings, seen, session)
        slack_app = build_slack_app(
            app.mentor, settings, seen, session=session, bridge=bridge, on_uninstalled=on_uninstalled
        )
        try:
            if settings.slack_app_token is not None:
                await run_socket_mode(slack_app, settings.slack_app_token.get_secret_value())
            else:
                log.info("slack http mode", extra={"port": settings.port, "path": EVENTS_PATH})
                await serve_until_cancelled(http_server(build_asgi(slack_app, routes), settings.port))
        finally:
            await asyncio.shield(bridge.drain(DRAIN_SECONDS))
