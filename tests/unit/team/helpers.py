"""People of a workspace talking to one mentor (in-memory store, injected clock)."""

from __future__ import annotations

import asyncio

from bot.delivery.dispatcher import Dispatcher
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text
from tests.fakes import FixedClock, InMemoryStore, RecordingMessenger

PLAN_ANSWERS = {
    "junior": ["junior", "mid", "databases", "python django", "none", "skip", "5", "skip"],
    "mid": ["mid", "senior", "databases", "python django", "none", "skip", "5", "skip"],
    "senior": ["senior", "staff", "databases", "python django", "none", "skip", "5", "skip"],
}


def says(mentor: Mentor, user: str, text: str, *, workspace: str = "T1", admin: bool = False, dm: bool = True,
         platform: str = "slack", name: str = "") -> list[Reply]:  # fmt: skip
    incoming = Incoming(platform, workspace, f"D{user}" if dm else "C1", user, text, display_name=name or user,
                        is_dm=dm, is_admin=admin)  # fmt: skip
    return mentor.handle(incoming)


def text_of(replies: list[Reply]) -> str:
    return "\n".join(plain_text(r) for r in replies)


def with_plan(mentor: Mentor, user: str, level: str = "junior", **kwargs: object) -> None:
    """Build a plan for ``user`` through the assessment, as a person would."""
    says(mentor, user, "plan", **kwargs)  # type: ignore[arg-type]
    for answer in PLAN_ANSWERS[level]:
        says(mentor, user, answer, **kwargs)  # type: ignore[arg-type]


def run_ledger(mentor: Mentor, store: InMemoryStore, clock: FixedClock, messenger: RecordingMessenger) -> int:
    dispatcher = Dispatcher(store, messenger, clock, mentor.composers(), "test", pace_seconds=0)
    return asyncio.run(dispatcher.tick())
