"""Due lists for 10,000 people with 200 quiz items each, on PostgreSQL (run by hand).

`.venv/bin/python bench/reviews.py [--people N] [--items M] [--postgres URL]` fills the quiz table (2,000,000 rows at
the defaults; about a tenth due), then prints how long the review-reminder composer takes to count the due items of
every person with reminders on (in batches, as the dispatcher claims them), and one person's due list.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.sql.engine import make_engine, upgrade  # noqa: E402
from adapters.sql.store import SqlStore  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402

NOW = datetime(2026, 12, 4, 9, tzinfo=UTC)
BATCH = 50  # deliveries the dispatcher claims at a time


def fill(url: str, people: int, items: int) -> SqlStore:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO quiz_items (user_key, item_id, topic_id, due, reviews, lapses, last_grade, fsrs_json) "
                "SELECT 'slack:T1:u:U' || p, 'topic-' || (i / 4) || '/c-' || i, 'topic-' || (i / 4), "
                "CAST(:now AS timestamptz) + ((((p * 7919 + i * 104729) % 100) - 10) || ' days')::interval, "
                "3, 0, 'good', '{}' "
                "FROM generate_series(1, :people) AS p, generate_series(1, :items) AS i"
            ),
            {"now": NOW, "people": people, "items": items},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE quiz_items"))  # what autovacuum does to a table in steady state
    print(f"filled {people * items:,} rows in {time.perf_counter() - started:.1f} s")
    return SqlStore(engine)


def measure(store: SqlStore, people: int) -> None:
    keys = [f"slack:T1:u:U{p}" for p in range(1, people + 1)]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for start in range(0, len(keys), BATCH):
            counts.update(store.quiz.due_counts(keys[start : start + BATCH], NOW))
        best = min(best, time.perf_counter() - started)
    due = sum(counts.values())
    print(f"due counts for {people:,} people in batches of {BATCH}: {best:.3f} s ({due:,} items due)")
    started = time.perf_counter()
    store.quiz.due_counts(keys, NOW)
    print(f"due counts for {people:,} people in one query: {time.perf_counter() - started:.3f} s")
    started = time.perf_counter()
    for key in keys[:1000]:
        store.quiz.due(key, NOW, 5)
    per_person = (time.perf_counter() - started) / 1000 * 1000
    print(f"one person's next five due items: {per_person:.2f} ms (mean over 1,000 people)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: start a throwaway server)")
    args = parser.parse_args()
    if args.postgres:
        measure(fill(args.postgres, args.people, args.items), args.people)
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("PostgreSQL binaries not found: install Debian's postgresql or pass --postgres URL")
    with postgres_server(pg_bin) as url:
        measure(fill(url, args.people, args.items), args.people)


if __name__ == "__main__":
    main()
