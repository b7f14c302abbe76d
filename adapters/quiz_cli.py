"""`mentor quiz --json --topic <id> [--grade G] [--user U]`: the next quiz item of a topic, or grade it now."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from adapters.bootstrap import build_app
from adapters.clock import SystemClock
from adapters.console import local_user
from adapters.settings import Settings
from bot.messages import Destination, Platform
from bot.quiz.deck import scoped_queue
from bot.quiz.items import find_item
from bot.quiz.practice import grade_item
from bot.quiz.scheduling import GRADES


def add_quiz_parser(sub: Any) -> None:
    quiz = sub.add_parser("quiz", help="the next quiz item of a topic, or grade it (FSRS state kept per person)")
    quiz.add_argument("--json", action="store_true", help="print JSON (the only output form)")
    quiz.add_argument("--topic", required=True, help="topic id")
    quiz.add_argument("--grade", choices=tuple(GRADES), help="grade the next item now and print its next due time")
    quiz.add_argument("--user", default=None, help="whose deck (default: the console person)")
    quiz.set_defaults(func=run_quiz)


def run_quiz(settings: Settings, args: argparse.Namespace) -> int:
    app = build_app(settings, dense=False)
    try:
        topic = app.content.topic(args.topic)
        if topic is None:
            print(f"error: unknown topic {args.topic!r}", file=sys.stderr)
            return 2
        key = Destination(Platform.CONSOLE, "local", None, args.user or local_user()).key
        now = SystemClock().now()
        queue = scoped_queue(app.content, app.store, key, [topic.id], now=now, limit=1)
        item = find_item(app.content, queue[0]) if queue else None
        if item is None:
            print(f"error: topic {topic.id!r} has no quiz items", file=sys.stderr)
            return 2
        state = app.store.quiz.states(key).get(item.id)
        due = grade_item(app.store, key, item, args.grade, now).due if args.grade else (state.due if state else None)
        payload = {"id": item.id, "question": item.question, "answer": item.answer, "topic": item.topic_id}
        print(json.dumps({"item": payload, "due": due.isoformat() if due else None}, ensure_ascii=False))
        return 0
    finally:
        app.close()
