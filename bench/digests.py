"""10,000 destinations due in the same minute, delivered through an in-memory port (run by hand).

`.venv/bin/python bench/digests.py [--destinations N] [--runs R] [--postgres URL]` prints, for SQLite (and
PostgreSQL when a URL is given or a server can be started here), the time our own code takes to plan, claim,
render, send and record (best and median of R runs, with this process's CPU time and the load average: the machine
may be shared), the statements and write transactions per delivery, and the peak memory of the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import default_content_dir  # noqa: E402
from adapters.sql.engine import make_engine, upgrade  # noqa: E402
from adapters.sql.store import SqlStore  # noqa: E402
from adapters.sql.tables import ScheduleRow  # noqa: E402
from bot.content import load_content  # noqa: E402
from bot.delivery.dispatcher import Dispatcher  # noqa: E402
from bot.digests.composer import DigestComposer  # noqa: E402
from bot.messages import Destination, Reply  # noqa: E402
from bot.ports import FindResult, Presence, SendOutcome, SendResult  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402

DUE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return DUE + timedelta(seconds=20)


class CountingMessenger:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        self.sent += 1
        return SendResult(SendOutcome.DELIVERED)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        return FindResult(Presence.ABSENT)


def seed(engine: Engine, count: int) -> None:
    rows = [
        {
            "kind": "digest",
            "dest_key": Destination("slack", "T1", f"C{i}").key,
            "platform": "slack",
            "workspace": "T1",
            "channel": f"C{i}",
            "user_id": None,
            "days": "0",
            "at": "09:00",
            "timezone": "UTC",
            "created_at": DUE - timedelta(days=30),
        }
        for i in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(ScheduleRow), rows)


def measure(name: str, engine: Engine, count: int, runs: int) -> None:
    """Times ``runs`` runs without tracing (best and median: the machine may be shared), then measures peak memory in
    one more run (tracing slows Python down). CPU is this process's own time, all threads; the rest of the wall
    time is waiting on the database (disk syncs on SQLite, round trips on PostgreSQL)."""
    timings = [run_once(engine, count, trace=False) for _ in range(runs)]
    walls = sorted(t.seconds for t in timings)
    best = min(timings, key=lambda t: t.seconds)
    peak = run_once(engine, count, trace=True).peak
    print(
        f"{name:10s} {count} deliveries: best {walls[0]:.2f} s ({count / walls[0]:,.0f}/s), "
        f"median {statistics.median(walls):.2f} s of {runs} runs; best run's CPU {best.cpu:.2f} s; "
        f"per delivery {best.statements / count:.3f} statements, {best.writes / count:.3f} write transactions; "
        f"peak traced memory {peak / 2**20:.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )


class RoundTrips:
    """Counts an engine's statements (those on the ledger apart) and write transactions: commits, and statements
    that change data in autocommit (on PostgreSQL a batch's whole write is one such statement)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements = self.ledger = self.writes = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def stop(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)

    def _statement(self, connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements += 1
        self.ledger += "deliveries" in statement
        autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
        self.writes += autocommit and not statement.lstrip().upper().startswith("SELECT")

    def _commit(self, _connection: Connection) -> None:
        self.writes += 1


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu: float
    statements: int
    writes: int
    peak: int


def run_once(engine: Engine, count: int, *, trace: bool) -> Timing:
    """Seed ``count`` due schedules on an empty database, deliver them all (one leader tick: plan, claim, send)."""
    with engine.begin() as connection:
        for table in ("tip_history", "deliveries", "schedules"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    seed(engine, count)
    content = load_content(default_content_dir())
    store, clock, messenger = SqlStore(engine), Clock(), CountingMessenger()
    dispatcher = Dispatcher(store, messenger, clock, {"digest": DigestComposer(content, store, clock)}, "bench")
    trips = RoundTrips(engine)
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    sent = asyncio.run(dispatcher.tick())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    trips.stop()
    assert sent == messenger.sent == count, (sent, messenger.sent)
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Timing(elapsed, cpu, trips.statements, trips.writes, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--destinations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per database (best and median are shown)")
    parser.add_argument("--postgres", help="a postgresql+psycopg:// URL of an empty database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        measure("sqlite", engine, args.destinations, args.runs)
    if args.postgres:
        engine = make_engine(args.postgres)
        upgrade(engine)
        measure("postgresql", engine, args.destinations, args.runs)
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        print("postgresql: skipped (no server binaries; pass --postgres URL)")
        return
    with postgres_server(pg_bin) as url:
        engine = make_engine(url)
        upgrade(engine)
        measure("postgresql", engine, args.destinations, args.runs)
        engine.dispose()


if __name__ == "__main__":
    main()
