"""When the bot is removed from a Slack workspace or a Discord server, that workspace's schedules pause; when a
multi-workspace Slack app is installed again, they resume."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from adapters.bootstrap import App

log = logging.getLogger(__name__)

REMOVED = "the bot was removed"


def pause_workspace(app: App, platform: str) -> Callable[[str], Awaitable[None]]:
    """A callback for the platform adapter: pause every schedule of the workspace it names."""

    async def pause(workspace: str) -> None:
        paused = await asyncio.to_thread(app.store.schedules.pause_workspace, platform, workspace, REMOVED)
        log.info("schedules paused", extra={"platform": platform, "workspace": workspace, "count": paused})

    return pause


def resume_workspace(app: App, platform: str) -> Callable[[str], Awaitable[None]]:
    """A callback for the platform adapter: on a reinstall, resume the schedules its removal paused (a schedule paused
    for another reason, such as an archived channel, stays paused)."""

    async def resume(workspace: str) -> None:
        resumed = await asyncio.to_thread(app.store.schedules.resume_workspace, platform, workspace, REMOVED)
        log.info("schedules resumed", extra={"platform": platform, "workspace": workspace, "count": resumed})

    return resume
