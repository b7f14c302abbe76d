"""`mentor content gaps`: what the content team should write next, per workspace, never mixing workspaces.

Three rankings: questions the mentor was unsure about, answers voted 👎 with the notes on what was missing, and
the cards with the worst vote balance.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from adapters.bootstrap import build_app
from adapters.settings import Settings
from adapters.sql.store import SqlStore

GAPS_HEADER = f"{'asked':>5s}  {'confidence':>10s}  {'closest topic':30s}  question"
DISLIKED_HEADER = f"{'downs':>5s}  {'topic':30s}  question  (what was missing)"
CARDS_HEADER = f"{'up':>4s}  {'down':>4s}  topic"


def add_gaps_parser(content: Any) -> None:
    gaps = content.add_parser("gaps", help="unsure questions, 👎 answers and weak cards, per workspace")
    gaps.add_argument("--limit", type=int, default=20, help="rows per ranking")
    gaps.add_argument("--workspace", help="only this workspace (its id, or platform:id)")
    gaps.add_argument("--since", type=_date, help="only since this day (YYYY-MM-DD)")
    gaps.add_argument("--json", action="store_true", help="one JSON object per workspace")
    gaps.set_defaults(func=run_gaps)


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use YYYY-MM-DD, e.g. 2026-11-01") from exc


def run_gaps(settings: Settings, args: argparse.Namespace) -> int:
    app = build_app(settings, dense=False)
    try:
        workspaces = _chosen(app.store, args.workspace)
        if args.workspace and not workspaces:
            print(f"no questions logged in workspace {args.workspace!r}", file=sys.stderr)
            return 1
        reports = [_report(app.store, ws, args.since, args.limit) for ws in workspaces]
    finally:
        app.close()
    if args.json:
        for report in reports:
            print(json.dumps(report, ensure_ascii=False))
        return 0
    if not reports:
        print("no questions logged yet")
    for report in reports:
        _print(report)
    return 0


def _chosen(store: SqlStore, wanted: str | None) -> list[tuple[str, str]]:
    every = store.questions.workspaces()
    if wanted is None:
        return every
    platform, _, workspace = wanted.rpartition(":")
    return [ws for ws in every if ws[1] == workspace and (not platform or ws[0] == platform)]


def _report(store: SqlStore, workspace: tuple[str, str], since: datetime | None, limit: int) -> dict[str, Any]:
    platform, ws = workspace
    gaps = store.questions.gaps(limit=limit, workspace=workspace, since=since)
    disliked = store.feedback.disliked(platform, ws, since, limit)
    cards = [c for c in store.feedback.card_votes(platform, ws, since) if c.down][:limit]
    return {
        "workspace": f"{platform}:{ws}",
        "unsure": [
            {"question": g.text, "count": g.count, "confidence": round(g.confidence, 2), "closest_topic": g.best_topic}
            for g in gaps
        ],
        "voted_down": [
            {"question": d.text, "topic": d.topic_id, "downs": d.downs, "missing": list(d.notes)} for d in disliked
        ],
        "worst_cards": [{"topic": c.topic_id, "up": c.up, "down": c.down} for c in cards],
    }


def _print(report: dict[str, Any]) -> None:
    print(f"== {report['workspace']} ==")
    print("\nUnsure questions")
    print(GAPS_HEADER)
    for row in report["unsure"]:
        print(f"{row['count']:5d}  {row['confidence']:10.2f}  {row['closest_topic'] or '-':30s}  {row['question']}")
    print("\nAnswers voted down")
    print(DISLIKED_HEADER)
    for row in report["voted_down"]:
        notes = f"  ({'; '.join(row['missing'])})" if row["missing"] else ""
        print(f"{row['downs']:5d}  {row['topic'] or '-':30s}  {row['question']}{notes}")
    print("\nCards with the worst votes")
    print(CARDS_HEADER)
    for row in report["worst_cards"]:
        print(f"{row['up']:4d}  {row['down']:4d}  {row['topic']}")
    print()
