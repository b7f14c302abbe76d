"""`mentor run [--role …]`: start the parts of a role, serve until SIGTERM/SIGINT, stop within the grace period.

On SIGTERM a process stops taking work: the scheduler finishes the sends in flight and releases the claims it had not
started, gives up leadership and closes its leader connection; Slack and Discord stop listening and close their
connections. Whatever is still running when ``MENTOR_SHUTDOWN_GRACE_SECONDS`` is up is abandoned (a claim left
behind expires as unconfirmed: never sent twice).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import Any

from adapters import console
from adapters.bootstrap import App, files_dir
from adapters.roles import Role, parts_of
from adapters.roles.outbound import outbound_messenger
from adapters.roles.scheduler import SchedulerPart
from adapters.telemetry import Telemetry, serve_endpoints
from adapters.telemetry.metrics import AnswerMetrics

log = logging.getLogger(__name__)


async def serve(app: App, role: Role = Role.ALL) -> int:
    """Run ``role`` until a stop signal (or the end of console input); 1 if a part failed, else 0."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    parts = parts_of(role, app.settings)
    telemetry = Telemetry(role.value)
    async with AsyncExitStack() as cleanup:
        scheduler = None
        if parts.scheduler:
            messenger = await outbound_messenger(app.settings, cleanup, app.store.engine)
            scheduler = SchedulerPart(app, messenger, telemetry)
            scheduler.start()
        work = _work(app, parts.slack, parts.discord, parts.console, telemetry)
        running = [*work, *(["scheduler"] if scheduler else [])]
        log.info("mentor running", extra={"role": role.value, "parts": running})
        tasks = {name: asyncio.create_task(job, name=name) for name, job in work.items()}
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait([*tasks.values(), stopper], return_when=asyncio.FIRST_COMPLETED)
        failed = _failures(tasks)
        await _shut_down(list(tasks.values()), scheduler, app.settings.mentor_shutdown_grace_seconds)
        stopper.cancel()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(sig)
    log.info("mentor stopped", extra={"role": role.value})
    return 1 if failed else 0


def _work(
    app: App, slack: bool, discord: bool, console_chat: bool, telemetry: Telemetry
) -> dict[str, Coroutine[Any, Any, None]]:
    """The long-running parts of this process, by name; each runs until cancelled."""
    work: dict[str, Coroutine[Any, Any, None]] = {}
    if slack or discord:
        app.mentor.observer = AnswerMetrics(telemetry.registry)
    if slack:
        from adapters.roles.web import run_web  # noqa: PLC0415 (Slack SDK only where Slack is served)

        work["slack"] = run_web(app, telemetry)
    if discord:
        from adapters.roles.gateway import run_gateway  # noqa: PLC0415 (discord.py only where Discord is served)

        work["discord"] = run_gateway(app, telemetry)
    if console_chat:
        work["console"] = _console(app)
    if app.settings.metrics_port is not None and not slack:  # a process serving Slack has them on $PORT
        work["telemetry"] = serve_endpoints(telemetry.routes(), app.settings.metrics_port)
    return work


def _failures(tasks: dict[str, asyncio.Task[None]]) -> list[str]:
    """Parts that ended by raising (each is logged)."""
    failed = []
    for name, task in tasks.items():
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.error("part failed", exc_info=task.exception(), extra={"part": name})
            failed.append(name)
    return failed


async def _shut_down(tasks: list[asyncio.Task[None]], scheduler: SchedulerPart | None, grace: float) -> None:
    """Stop every part at once, within ``grace`` seconds in all."""
    for task in tasks:
        task.cancel()
    stopping: list[Coroutine[Any, Any, Any]] = [_settle(tasks)]
    if scheduler is not None:
        stopping.append(scheduler.stop(grace))
    try:
        await asyncio.wait_for(asyncio.gather(*stopping), timeout=grace)
    except TimeoutError:
        log.warning("shutdown outlasted the grace period; exiting anyway", extra={"grace": grace})


async def _settle(tasks: list[asyncio.Task[None]]) -> None:
    await asyncio.gather(*tasks, return_exceptions=True)


async def _console(app: App) -> None:
    chat = console.ConsoleChat(app.mentor, timezone=console.local_zone(), files_dir=files_dir(app.settings))
    if console.is_terminal():
        await console.chat_loop(chat, console.banner(no_platform=True))
    else:
        await asyncio.to_thread(console.run_piped, chat, sys.stdin.buffer, sys.stdout)
