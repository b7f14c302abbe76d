"""`mentor run`: everything configured in one process — chat adapters, the delivery scheduler, or the console."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import Any

from adapters import console
from adapters.bootstrap import App
from adapters.clock import SystemClock
from adapters.outbound import ConsoleMessenger, RoutingMessenger
from adapters.scheduler import DeliveryScheduler
from adapters.sql.seen_events import SeenEvents
from bot.delivery.dispatcher import Dispatcher
from bot.messages import Platform
from bot.ports import Messenger

log = logging.getLogger(__name__)


MAINTENANCE_SECONDS = 6 * 3600


def prune(app: App) -> None:
    """Retention: drop questions older than the configured period, and event ids seen over a day ago."""
    now = SystemClock().now()
    questions = app.store.questions.prune(now - timedelta(days=app.settings.mentor_question_retention_days))
    events = SeenEvents(app.store.engine).prune(timedelta(days=1), now)
    log.info("retention pruned", extra={"questions": questions, "events": events})


def process_owner() -> str:
    """A name for this process in the ledger's claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


async def serve(app: App) -> int:
    """Run until SIGTERM/SIGINT (or the end of console input); shut down cleanly."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    async with AsyncExitStack() as cleanup:
        messengers: dict[str, Messenger] = {Platform.CONSOLE: ConsoleMessenger()}
        work: list[Coroutine[Any, Any, Any]] = []
        platforms = await _platforms(app, messengers, work, cleanup)
        if not platforms:
            work.append(_console(app))
        dispatcher = Dispatcher(
            app.store, RoutingMessenger(messengers), SystemClock(), app.mentor.composers(), process_owner()
        )
        scheduler = DeliveryScheduler(dispatcher)
        scheduler.every(MAINTENANCE_SECONDS, lambda: prune(app), "retention")
        scheduler.start()
        log.info("mentor running", extra={"platforms": platforms or ["console"]})

        tasks = [asyncio.create_task(job) for job in work]
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
        for task in [*tasks, stopper]:
            task.cancel()
        await asyncio.gather(*tasks, stopper, return_exceptions=True)
        await scheduler.shutdown()
    return 0


async def _platforms(
    app: App, messengers: dict[str, Messenger], work: list[Coroutine[Any, Any, Any]], cleanup: AsyncExitStack
) -> list[str]:
    """Register every configured platform: its messenger for scheduled sends and its connection to serve."""
    platforms = []
    if app.settings.discord_token is not None:
        from adapters.discord import DiscordMessenger, run_discord  # noqa: PLC0415 (heavy SDK, only when configured)

        discord_messenger = DiscordMessenger.from_settings(app.settings)
        cleanup.push_async_callback(discord_messenger.close)
        messengers[Platform.DISCORD] = discord_messenger
        work.append(run_discord(app, on_guild_removed=_pause_workspace(app, Platform.DISCORD)))
        platforms.append("discord")
    return platforms


def _pause_workspace(app: App, platform: str) -> Callable[[str], Awaitable[None]]:
    """When the bot is removed from a workspace or server, that workspace's schedules pause."""

    async def pause(workspace: str) -> None:
        paused = await asyncio.to_thread(
            app.store.schedules.pause_workspace, platform, workspace, "the bot was removed"
        )
        log.info("schedules paused", extra={"platform": platform, "workspace": workspace, "count": paused})

    return pause


async def _console(app: App) -> None:
    chat = console.ConsoleChat(app.mentor, timezone=console.local_zone(), files_dir=app.settings.data_dir / "files")
    if console.is_terminal():
        await asyncio.to_thread(console.run_interactive, chat)
    else:
        await asyncio.to_thread(console.run_piped, chat, sys.stdin.buffer, sys.stdout)
