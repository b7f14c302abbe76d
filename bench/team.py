"""Team features at size (run by hand): pairing 5,000 people, and the team map of a 2,000-person workspace.

`.venv/bin/python bench/team.py [--pairing N] [--members M] [--weeks W] [--postgres URL | --sqlite]` prints:
- pairing N people who joined learning partners (14 areas, 5 levels) after W earlier weeks of pairs (the history
  the pairing avoids repeating), best of three;
- the team map of M members with real plans, finished topics and reviews in the database: the query, the counts and
  the PNG heatmap, best of three. PostgreSQL by default (a throwaway server), or a SQLite file with ``--sqlite``.
Target: each at most 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from adapters.bootstrap import default_content_dir  # noqa: E402
from adapters.sql.engine import make_engine, upgrade  # noqa: E402
from adapters.sql.store import SqlStore  # noqa: E402
from adapters.sql.tables import PlanProgressRow, PlanRow, QuizReviewRow, TeamMemberRow  # noqa: E402
from bot.content import AREAS, LEVELS, Content, load_content  # noqa: E402
from bot.plans.builder import build_plan  # noqa: E402
from bot.team.commands import REVIEW_WINDOW, TeamHandler  # noqa: E402
from bot.team.pairing import Candidate, history, pair_up  # noqa: E402
from tests.fakes import FixedClock  # noqa: E402
from tests.postgres import find_pg_bin, postgres_server  # noqa: E402

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def pairing(people: int, weeks: int) -> None:
    rng = random.Random(7)
    candidates = [Candidate(f"U{n}", rng.choice(AREAS), rng.randrange(len(LEVELS))) for n in range(people)]
    earlier: list[tuple[str, ...]] = []
    for week in range(weeks):
        earlier += pair_up(candidates, history(earlier), week)
    met = history(earlier)
    groups = pair_up(candidates, met, weeks)
    repeats = sum(1 for g in groups if any(frozenset((a, b)) in met for a in g for b in g if a < b))
    seconds = best_of(3, lambda: pair_up(candidates, met, weeks))
    print(f"pairing {people:,} people after {weeks} weeks: {seconds:.2f} s, {len(groups):,} groups, {repeats} repeats")


def plans(content: Content) -> list[dict[str, object]]:
    made = []
    for level, target in (("junior", "mid"), ("mid", "senior"), ("senior", "staff"), ("staff", "principal")):
        for area in AREAS:
            plan = build_plan(
                content, level=level, target=target, focus=(area,), known=(), hours_per_week=6, stack=None
            )
            made.append(plan.to_dict())
    return made


def fill(url: str, content: Content, members: int) -> SqlStore:
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(11)
    choices = plans(content)
    rows: dict[str, list[dict[str, object]]] = {"members": [], "plans": [], "progress": [], "reviews": []}
    for n in range(members):
        key = f"slack:T1:u:U{n}"
        rows["members"].append({"platform": "slack", "workspace": "T1", "user_id": f"U{n}", "user_key": key,
                                "share": n % 10 == 0, "display_name": f"Person {n}" if n % 10 == 0 else None,
                                "first_seen": NOW, "last_seen": NOW})  # fmt: skip
        if n % 5 == 4:
            continue  # a fifth have no plan
        plan = rng.choice(choices)
        rows["plans"].append({"user_key": key, "platform": "slack", "user_id": f"U{n}", "plan_json": json.dumps(plan),
                              "created_at": NOW - timedelta(days=60)})  # fmt: skip
        ids = [str(part[0]) for week in plan["weeks"] for part in week["parts"]]  # type: ignore[attr-defined]
        for topic_id in dict.fromkeys(ids[: rng.randrange(len(ids) + 1)]):
            rows["progress"].append({"user_key": key, "topic_id": topic_id, "state": "done",
                                     "updated_at": NOW - timedelta(days=rng.randrange(60))})  # fmt: skip
            rows["reviews"] += [{"user_key": key, "item_id": f"{topic_id}/c-1", "grade": "good",
                                 "reviewed_at": NOW - timedelta(days=rng.randrange(40))}]  # fmt: skip
    with engine.begin() as connection:
        for table, name in ((TeamMemberRow, "members"), (PlanRow, "plans"), (PlanProgressRow, "progress"),
                            (QuizReviewRow, "reviews")):  # fmt: skip
            connection.execute(insert(table), rows[name])
    print(f"filled: {members:,} members, {len(rows['progress']):,} finished topics, {len(rows['reviews']):,} reviews")
    return SqlStore(engine)


def team_map(store: SqlStore, content: Content, members: int) -> None:
    handler = TeamHandler(content, store, FixedClock(NOW), frozenset(), {})
    profiles = best_of(3, lambda: store.team.profiles("slack", "T1", NOW - REVIEW_WINDOW))
    seconds = best_of(3, lambda: handler.map_reply("slack", "T1"))
    reply = handler.map_reply("slack", "T1")
    size = len(reply.files[0].data)
    print(f"team map of {members:,} people: {seconds:.2f} s in all (query {profiles:.2f} s), PNG {size / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairing", type=int, default=5_000)
    parser.add_argument("--weeks", type=int, default=10)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: start a throwaway server)")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    content = load_content(default_content_dir())
    pairing(args.pairing, args.weeks)
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            team_map(fill(f"sqlite:///{folder}/bench.db", content, args.members), content, args.members)
        return
    if args.postgres:
        team_map(fill(args.postgres, content, args.members), content, args.members)
        return
    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("PostgreSQL binaries not found: install Debian's postgresql, pass --postgres URL or --sqlite")
    with postgres_server(pg_bin) as url:
        team_map(fill(url, content, args.members), content, args.members)


if __name__ == "__main__":
    main()
