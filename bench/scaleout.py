"""Scheduler processes sharing one PostgreSQL ledger (run by hand).

`.venv/bin/python bench/scaleout.py [--destinations N] [--processes 1 3] [--send-ms 0 50] [--batch 25]
[--postgres URL]` seeds N digests due in the same minute, plans them once (leader work, timed apart), then starts
P sender processes at the same instant; each claims batches with FOR UPDATE SKIP LOCKED, renders, "sends" through an
in-memory port that takes --send-ms per message (0: our own cost only; 50: roughly a chat API), and records the
outcome. Prints deliveries per second (wall clock, first claim to last record) and database work per delivery:
ledger statements, all statements (tip history included) and write transactions (commits, and PostgreSQL's
one autocommit statement per batch).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import default_content_dir  # noqa: E402
from adapters.sql.engine import make_engine, upgrade  # noqa: E402
from adapters.sql.store import SqlStore  # noqa: E402
from bench.digests import DUE, RoundTrips, seed  # noqa: E402
from bot.content import load_content  # noqa: E402
from bot.delivery.dispatcher import BATCH_SIZE, Dispatcher  # noqa: E402
from bot.digests.composer import DigestComposer  # noqa: E402
from bot.messages import Destination, Reply  # noqa: E402
from bot.ports import FindResult, Presence, SendOutcome, SendResult  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402


class Clock:
    def now(self) -> datetime:
        return DUE + timedelta(seconds=20)


class SlowMessenger:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.sent = 0

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        if self.seconds:
            await asyncio.sleep(self.seconds)
        self.sent += 1
        return SendResult(SendOutcome.DELIVERED)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        return FindResult(Presence.ABSENT)


@dataclass
class Counts:
    sent: int = 0
    ledger: int = 0
    statements: int = 0
    writes: int = 0
    started: float = 0.0
    ended: float = 0.0


@dataclass(frozen=True)
class Job:
    url: str
    send_seconds: float
    batch: int


def sender(job: Job, ready: Any, go: Event, results: Any) -> None:
    """One scheduler process's sending loop: claim, send, record, until nothing is left to claim."""
    engine = make_engine(job.url)
    content = load_content(default_content_dir())
    store, clock, messenger = SqlStore(engine), Clock(), SlowMessenger(job.send_seconds)
    composers = {"digest": DigestComposer(content, store, clock)}
    dispatcher = Dispatcher(store, messenger, clock, composers, f"bench:{uuid.uuid4().hex[:6]}", batch_size=job.batch)
    counts = Counts()
    trips = RoundTrips(engine)
    ready.put(True)
    go.wait()
    counts.started = time.time()
    counts.sent = asyncio.run(dispatcher.deliver())
    counts.ended = time.time()
    counts.ledger, counts.statements, counts.writes = trips.ledger, trips.statements, trips.writes
    results.put(counts)
    engine.dispose()


def run(url: str, destinations: int, processes: int, send_seconds: float, batch: int) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in ("tip_history", "deliveries", "schedules"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    seed(engine, destinations)
    planner = Dispatcher(SqlStore(engine), SlowMessenger(0), Clock(), {}, "planner")
    began = time.perf_counter()
    planned = planner.schedule_due()
    planning = time.perf_counter() - began
    assert planned == destinations, planned

    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    workers = [
        context.Process(target=sender, args=(Job(url, send_seconds, batch), ready, go, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=120)
    go.set()
    counts = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    wall = max(c.ended for c in counts) - min(c.started for c in counts)
    sent = sum(c.sent for c in counts)
    with engine.connect() as connection:
        states = dict(connection.execute(text("SELECT state, count(*) FROM deliveries GROUP BY state")).all())
    assert sent == destinations and states == {"sent": destinations}, (sent, states)
    ledger, statements, writes = (sum(getattr(c, f) for c in counts) for f in ("ledger", "statements", "writes"))
    print(
        f"{processes} process(es), send {send_seconds * 1000:.0f} ms, batch {batch}: {destinations} in {wall:.2f} s "
        f"= {destinations / wall:,.0f} deliveries/s (planning {planning:.2f} s apart); per delivery: "
        f"{ledger / sent:.3f} ledger statements, {statements / sent:.3f} statements, "
        f"{writes / sent:.3f} write transactions; "
        f"split {sorted(c.sent for c in counts)}"
    )
    engine.dispose()


def fresh_database(server_url: str) -> str:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destinations", type=int, default=10_000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--send-ms", type=float, nargs="+", default=[0.0, 50.0])
    parser.add_argument("--batch", type=int, default=BATCH_SIZE)
    parser.add_argument("--postgres", help="a postgresql+psycopg:// URL of a server (a database is created on it)")
    args = parser.parse_args()

    def all_runs(server: str) -> None:
        url = fresh_database(server)
        for send_ms in args.send_ms:
            for processes in args.processes:
                run(url, args.destinations, processes, send_ms / 1000, args.batch)

    if args.postgres:
        all_runs(args.postgres)
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("no PostgreSQL server binaries here; pass --postgres URL")
    with postgres_server(pg_bin) as server:
        all_runs(server)


if __name__ == "__main__":
    main()
