"""Slack HTTP mode with several web processes on one PostgreSQL database (run by hand).

`.venv/bin/python bench/web_scaleout.py [--processes 2] [--commands N] [--rate R] [--postgres URL]` migrates a fresh
database once (`mentor db upgrade`, the release step), starts P real `mentor run --role web` processes on their own
ports, and sends N signed `/mentor` commands over loopback, spread round-robin over the processes (the load balancer's
part), with the load pattern of `bench/slack_load.py`. Prints throughput, ack and answer percentiles, and each
process's answer count from its own `/metrics`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.slack_load import free_port, ms, percentile, wait_healthy  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.slack_http import SECRET, command_body, signed_headers  # noqa: E402

ANSWERS = re.compile(r'^mentor_answers_total\{platform="slack"\} (\S+)$', re.M)


def fresh_database(server_url: str) -> str:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"web_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


async def load(args: argparse.Namespace, database_url: str) -> None:
    fake = await FakeSlack().start()
    fake.record_calls = False
    ports = [free_port() for _ in range(args.processes)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "MENTOR_"))} | {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": database_url,
            "MENTOR_DATA_DIR": data,
            "LOG_LEVEL": "WARNING",
        }
        mentor = [sys.executable, "-m", "adapters.cli"]
        subprocess.run([*mentor, "db", "upgrade"], env=env, cwd=data, check=True, capture_output=True)
        servers = [
            subprocess.Popen([*mentor, "run", "--role", "web"], env=env | {"PORT": str(port)}, cwd=data)
            for port in ports
        ]
        try:
            connector = aiohttp.TCPConnector(limit=args.concurrency)
            async with aiohttp.ClientSession(connector=connector) as session:
                for url in urls:
                    await wait_healthy(session, url)
                await run_load(session, urls, fake, args)
                for url in urls:
                    async with session.get(f"{url}/metrics") as response:
                        found = ANSWERS.search(await response.text())
                    print(f"answers served by {url}: {float(found.group(1)) if found else 0:.0f}")
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
                server.wait(timeout=30)
            await fake.stop()


async def run_load(session: aiohttp.ClientSession, urls: list[str], fake: FakeSlack, args: argparse.Namespace) -> None:
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

    # Warm-up as in slack_load.py: one command per user, so each process has looked users up as in steady state.
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
    print(f"web processes           {len(urls)} on PostgreSQL, round-robin")
    print(f"commands                {args.commands}, {offered}, at most {args.concurrency} in flight")
    print(f"throughput (acked)      {args.commands / (acked - began):.0f} commands/s")
    print(f"throughput (answered)   {args.commands / (finished - began):.0f} commands/s")
    print(f"ack p50 / p99           {ms(statistics.median(acks))} / {ms(percentile(acks, 0.99))} ms")
    print(f"answer p50 / p99        {ms(statistics.median(answers))} / {ms(percentile(answers, 0.99))} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=250.0, help="commands started per second (0: no pacing)")
    parser.add_argument("--concurrency", type=int, default=100, help="requests in flight at most")
    parser.add_argument("--users", type=int, default=0, help="distinct senders (0: one per command)")
    parser.add_argument("--text", default="ask what is caching")
    parser.add_argument("--postgres", help="a postgresql+psycopg:// URL of a server (a database is created on it)")
    args = parser.parse_args()
    args.users = args.users or args.commands
    if args.postgres:
        asyncio.run(load(args, fresh_database(args.postgres)))
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("no PostgreSQL server binaries here; pass --postgres URL")
    with postgres_server(pg_bin) as server:
        asyncio.run(load(args, fresh_database(server)))


if __name__ == "__main__":
    main()
