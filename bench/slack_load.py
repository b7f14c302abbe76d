"""Slack HTTP mode under load (run by hand: `.venv/bin/python bench/slack_load.py [--commands N]`).

Starts a bare Bolt ``AsyncApp`` that only acks, then the real web process (`run_slack` in HTTP mode, each its own OS
process, SQLite in a temporary folder), Web API pointed at the fake Slack of the tests, and sends each the same N
signed `/mentor` commands over loopback: paced at `--rate` per second, then bursting (as fast as acks come back), at
most C in flight. Prints, per run, the ack throughput and p50/p99 time to the HTTP 200 for both, the web process's
answer throughput and p50/p99 time until the answer reaches the fake's response_url, and the ratio of the web
process's ack throughput to the bare app's. Goals on a 2-core machine: ratio >= 0.85, p99 ack <= 300 ms at 200/s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import build_app  # noqa: E402
from adapters.logs import configure_logging  # noqa: E402
from adapters.settings import Settings  # noqa: E402
from adapters.slack import run_slack  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.slack_http import SECRET, command_body, signed_headers  # noqa: E402


def serve() -> None:
    """The web process: what `mentor run` does with Slack configured (settings from the environment)."""
    settings = Settings()
    configure_logging(settings.log_level)
    app = build_app(settings)

    async def until_sigterm() -> None:
        task = asyncio.create_task(run_slack(app))
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await task

    try:
        asyncio.run(until_sigterm())
    finally:
        app.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def wait_healthy(session: aiohttp.ClientSession, url: str) -> None:
    for _ in range(600):
        try:
            async with session.get(f"{url}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise SystemExit("the web process did not start")


def serve_bare() -> None:
    """The yardstick: a bare Bolt ``AsyncApp`` that only acks, served the same way (uvicorn, Starlette)."""
    import re  # noqa: PLC0415

    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler  # noqa: PLC0415
    from slack_bolt.async_app import AsyncAck, AsyncApp  # noqa: PLC0415
    from slack_sdk.web.async_client import AsyncWebClient  # noqa: PLC0415
    from starlette.applications import Starlette  # noqa: PLC0415
    from starlette.requests import Request  # noqa: PLC0415
    from starlette.responses import JSONResponse, Response  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    from adapters.http_serving import http_server, serve_until_cancelled  # noqa: PLC0415

    client = AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"])
    bolt = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @bolt.command(re.compile(r"^/"))
    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    server = http_server(Starlette(routes=routes), int(os.environ["PORT"]), host="127.0.0.1")

    async def until_sigterm() -> None:
        task = asyncio.create_task(serve_until_cancelled(server))
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(until_sigterm())


@contextlib.asynccontextmanager
async def process(role: str, fake: FakeSlack, data: str) -> AsyncIterator[str]:
    """One server process (``--serve`` the web process, ``--serve-bare`` the yardstick); yields its URL."""
    port = free_port()
    env = os.environ | {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{Path(data) / 'mentor.db'}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("SLACK_APP_TOKEN", None)
    server = subprocess.Popen([sys.executable, __file__, role], env=env, cwd=ROOT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


@dataclass
class Figures:
    acked_per_second: float
    ack_p50: float
    ack_p99: float
    answered_per_second: float | None = None
    answer_p50: float | None = None
    answer_p99: float | None = None


async def load(args: argparse.Namespace) -> None:
    """Bare AsyncApp and the web process, the same load on each in turn (paced, then bursting); the ratio."""
    fake = await FakeSlack().start()
    fake.record_calls = False  # keep only the response_url arrival times
    results: dict[tuple[str, str], Figures] = {}
    modes = [("paced", args.rate), ("burst", 0.0)]
    try:
        with tempfile.TemporaryDirectory() as data:
            for role, name in (("--serve-bare", "bare"), ("--serve", "mentor")):
                async with process(role, fake, data) as url:
                    connector = aiohttp.TCPConnector(limit=args.concurrency)
                    async with aiohttp.ClientSession(connector=connector) as session:
                        await wait_healthy(session, url)
                        for batch, (mode, rate) in enumerate(modes):
                            run = f"{name}{batch}"
                            figures = await run_load(
                                session, url, fake, args, rate=rate, run=run, answered=name == "mentor"
                            )
                            results[(name, mode)] = figures
    finally:
        await fake.stop()
    report(args, results, modes)


def report(args: argparse.Namespace, results: dict[tuple[str, str], Figures], modes: list[tuple[str, float]]) -> None:
    print(f"{args.commands} signed /mentor commands per run, at most {args.concurrency} in flight, text {args.text!r}")
    for mode, rate in modes:
        bare, mentor = results[("bare", mode)], results[("mentor", mode)]
        offered = f"{rate:.0f}/s offered" if rate else "bursting: as fast as acks come back"
        print(f"\n{mode} ({offered})")
        print(
            f"  bare AsyncApp   acked {bare.acked_per_second:6.0f}/s   "
            f"ack p50/p99 {ms(bare.ack_p50)}/{ms(bare.ack_p99)} ms"
        )
        print(
            f"  web process     acked {mentor.acked_per_second:6.0f}/s   ack p50/p99 {ms(mentor.ack_p50)}/"
            f"{ms(mentor.ack_p99)} ms   answered {mentor.answered_per_second or 0:.0f}/s, answer p50/p99 "
            f"{ms(mentor.answer_p50 or 0)}/{ms(mentor.answer_p99 or 0)} ms"
        )
        print(
            f"  ratio           {mentor.acked_per_second / bare.acked_per_second:.2f}   "
            "(goal >= 0.85, p99 ack <= 300 ms)"
        )


async def run_load(
    session: aiohttp.ClientSession,
    url: str,
    fake: FakeSlack,
    args: argparse.Namespace,
    *,
    rate: float,
    run: str,
    answered: bool,
) -> Figures:
    """Warm up, then send ``args.commands`` signed commands (``rate`` a second, 0: bursting); the figures."""
    gate = asyncio.Semaphore(args.concurrency)
    sent: dict[str, float] = {}
    acks: list[float] = []

    async def one(i: int, measured: bool, at: float = 0.0) -> None:
        name = f"{run}{'m' if measured else 'w'}{i}"
        body = command_body(fake, args.text, user=f"W{run}{i % args.users:05d}", name=name)
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        async with gate:
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
            started = time.perf_counter()
            async with session.post(f"{url}/slack/events", data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            if measured:
                acks.append(time.perf_counter() - started)
                sent[f"/commands/T111/{name}/xxxxx"] = started

    # Warm-up: one command per user, so users.info is cached as it is in steady state. The core allows each user
    # 20 commands a minute: keep --commands / --users under that, or the answers are "slow down" notices.
    await asyncio.gather(*(one(i, False) for i in range(min(args.users, args.warmup))))
    if answered:
        await fake.wait_until(lambda: len(fake.answered) >= min(args.users, args.warmup), timeout=120)
        fake.answered.clear()

    began = time.perf_counter()
    interval = 1 / rate if rate else 0.0
    await asyncio.gather(*(one(i, True, began + i * interval) for i in range(args.commands)))
    acked = time.perf_counter()
    figures = Figures(args.commands / (acked - began), statistics.median(acks), percentile(acks, 0.99))
    if answered:
        await fake.wait_until(lambda: all(path in fake.answered for path in sent), timeout=300)
        answers = [fake.answered[path] - started for path, started in sent.items()]
        finished = max(fake.answered[path] for path in sent)
        figures.answered_per_second = args.commands / (finished - began)
        figures.answer_p50, figures.answer_p99 = statistics.median(answers), percentile(answers, 0.99)
    return figures


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200.0, help="commands started per second in the paced run")
    parser.add_argument("--concurrency", type=int, default=100, help="requests in flight at most")
    parser.add_argument("--users", type=int, default=0, help="distinct senders (0: one per command)")
    parser.add_argument("--text", default="ask what is caching")
    parser.add_argument("--warmup", type=int, default=300, help="warm-up commands before each measured batch")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.users = args.users or args.commands
    if args.serve:
        serve()
    elif args.serve_bare:
        serve_bare()
    else:
        asyncio.run(load(args))


if __name__ == "__main__":
    main()
