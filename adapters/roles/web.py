"""The web role: Slack over HTTP (``POST /slack/events``) with ``/healthz`` and ``/metrics`` on ``$PORT``.

In Socket Mode Slack needs no port; the health and metrics endpoints still get ``$PORT`` to themselves.
"""

from __future__ import annotations

import asyncio
import logging

from adapters.bootstrap import App
from adapters.roles.workspaces import pause_workspace, resume_workspace
from adapters.telemetry import Telemetry, serve_endpoints
from adapters.telemetry.health import serving
from bot.messages import Platform

log = logging.getLogger(__name__)


async def run_web(app: App, telemetry: Telemetry) -> None:
    """Serve Slack until cancelled, with the process's telemetry on the same port."""
    from adapters.slack import run_slack  # noqa: PLC0415 (heavy SDK, only in the processes that serve Slack)

    telemetry.health.add("slack", serving)
    on_uninstalled = pause_workspace(app, Platform.SLACK)
    if app.settings.slack_app_token is None:
        on_installed = resume_workspace(app, Platform.SLACK)
        await run_slack(app, on_uninstalled=on_uninstalled, routes=telemetry.routes(), on_installed=on_installed)
        return
    async with asyncio.TaskGroup() as group:
        group.create_task(run_slack(app, on_uninstalled=on_uninstalled))
        group.create_task(serve_endpoints(telemetry.routes(), app.settings.port))
