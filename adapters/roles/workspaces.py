"""When the bot is removed from a Slack workspace or a Discord server, that workspace's schedules pause; when a
multi-workspace Slack app is installed again, they resume."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from adapters.bootstrap import App

log = logging.getLogger(__name__)


def pause_workspace(app: App, platform: str) -> Callable[[str], Awaitable[None]]:
    """A callback for the platform adapter: pause every schedule of the workspace it names."""

    async def pause(workspace: str) -> None:
        paused = await asyncio.to_thread(
            app.store.schedules.pause_workspace, platform, workspace, "the bot was removed"
        )
        log.info("schedules paused", extra={"platform": platform, "workspace": workspace, "count": paused})

    return pause


def resume_workspace(app: App, platform: str) -> Callable[[str], Awaitable[None]]:
    """A callback for the platform adapter: resume every paused schedule of the workspace it names (a reinstall)."""

    async def resume(workspace: str) -> None:
        resumed = await asyncio.to_thread(app.store.schedules.resume_workspace, platform, workspace)
        log.info("schedules resumed", extra={"platform": platform, "workspace": workspace, "count": resumed})

    return resume
