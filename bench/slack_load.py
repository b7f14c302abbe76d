"""Slack HTTP mode under load (run by hand: `.venv/bin/python bench/slack_load.py [--commands N]`).

Starts the real web process (`run_slack` in HTTP mode, its own OS process, SQLite in a temporary folder) with its
Web API pointed at the fake Slack of the tests, then sends N signed `/mentor` commands over loopback, started at
`--rate` per second (`--rate 0`: as fast as the acks come back, to find the ceiling), at most C in flight.
Prints the throughput, p50/p99 time to the HTTP 200 (the ack) and p50/p99 time until the answer reaches the fake's
response_url. Goals on a 2-core machine: >= 200 commands/s, p99 ack <= 300 ms, p99 answer <= 1 s.
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


async def load(args: argparse.Namespace) -> None:
    fake = await FakeSlack().start()
    fake.record_calls = False  # keep only the response_url arrival times
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = os.environ | {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "PORT": str(port),
            "DATABASE_URL": f"sqlite:///{Path(data) / 'mentor.db'}",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("SLACK_APP_TOKEN", None)
        server = subprocess.Popen([sys.executable, __file__, "--serve"], env=env, cwd=ROOT)
        try:
            connector = aiohttp.TCPConnector(limit=args.concurrency)
            async with aiohttp.ClientSession(connector=connector) as session:
                await wait_healthy(session, url)
                await run_load(session, [url], fake, args)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            await fake.stop()


async def run_load(session: aiohttp.ClientSession, urls: list[str], fake: FakeSlack, args: argparse.Namespace) -> None:
    """Warm up, then send ``args.commands`` signed commands round-robin over ``urls``; print the figures."""
    gate = asyncio.Semaphore(args.concurrency)
    sent: dict[str, float] = {}
    acks: list[float] = []

    async def one(i: int, measured: bool, at: float = 0.0) -> None:
        name = f"{'m' if measured else 'w'}{i}"
        body = command_body(fake, args.text, user=f"W{i % args.users:05d}", name=name)
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        async with gate:
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
            started = time.perf_counter()
            async with session.post(f"{urls[i % len(urls)]}/slack/events", data=body, headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            if measured:
                acks.append(time.perf_counter() - started)
                sent[f"/commands/T111/{name}/xxxxx"] = started

    # Warm-up: one command per user, so users.info is cached as it is in steady state. The core allows each user
    # 20 commands a minute: keep --commands / --users under that, or the answers are "slow down" notices.
    await asyncio.gather(*(one(i, False) for i in range(args.users)))
    await fake.wait_until(lambda: len(fake.answered) >= args.users, timeout=120)

    began = time.perf_counter()
    interval = 1 / args.rate if args.rate else 0.0
    await asyncio.gather(*(one(i, True, began + i * interval) for i in range(args.commands)))
    acked = time.perf_counter()
    await fake.wait_until(lambda: all(path in fake.answered for path in sent), timeout=300)
    answers = [fake.answered[path] - started for path, started in sent.items()]
    finished = max(fake.answered[path] for path in sent)

    offered = f"{args.rate}/s offered" if args.rate else "as fast as acks come back"
    print(f"commands                {args.commands}, {offered}, at most {args.concurrency} in flight")
    print(f"                        {args.users} users, text {args.text!r}")
    print(f"throughput (acked)      {args.commands / (acked - began):.0f} commands/s")
    print(f"throughput (answered)   {args.commands / (finished - began):.0f} commands/s   (goal >= 200)")
    print(
        f"ack p50 / p99           {ms(statistics.median(acks))} / {ms(percentile(acks, 0.99))} ms   (goal p99 <= 300)"
    )
    answer_p50, answer_p99 = ms(statistics.median(answers)), ms(percentile(answers, 0.99))
    print(f"answer p50 / p99        {answer_p50} / {answer_p99} ms   (goal p99 <= 1000)")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=250.0, help="commands started per second (0: no pacing)")
    parser.add_argument("--concurrency", type=int, default=100, help="requests in flight at most")
    parser.add_argument("--users", type=int, default=0, help="distinct senders (0: one per command)")
    parser.add_argument("--text", default="ask what is caching")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.users = args.users or args.commands
    if args.serve:
        serve()
    else:
        asyncio.run(load(args))


if __name__ == "__main__":
    main()
