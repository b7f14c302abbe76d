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
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.slack_load import free_port, run_load, wait_healthy  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.slack_http import SECRET  # noqa: E402

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
                print(f"web processes           {len(urls)} on PostgreSQL, round-robin")
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
