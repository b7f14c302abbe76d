"""Quizzes on a real database (SQLite and PostgreSQL): states, due lists, reminders exactly once, forget me."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from adapters.sql.store import SqlStore
from adapters.sql.tables import Base
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.schedule import Schedule
from bot.mentor import Mentor
from bot.messages import Destination, Incoming, Reply, plain_text
from bot.ports import ItemState
from tests.fakes import FixedClock, RecordingMessenger

USER_KEY = "slack:T1:u:U1"
DM = Destination("slack", "T1", None, "U1")
T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)


def dm(text: str) -> Incoming:
    return Incoming("slack", "T1", "D1", "U1", text, is_dm=True, timezone="Europe/Berlin")


def click(mentor: Mentor, reply: Reply, label: str) -> list[Reply]:
    return mentor.handle(dm(next(b.command for b in reply.buttons if b.label == label)))


def state(item: str, due: datetime) -> ItemState:
    return ItemState(item, item.partition("/")[0], due, 1, 0, "good", {"state": 2})


def test_due_lists_and_counts(engine: Engine) -> None:
    quiz = SqlStore(engine).quiz
    quiz.record(USER_KEY, state("redis/c-1", T0 + timedelta(days=3)), "good", T0)
    quiz.record(USER_KEY, state("redis/c-2", T0 - timedelta(days=1)), "good", T0)
    quiz.record(USER_KEY, state("kafka/c-1", T0 - timedelta(days=2)), "hard", T0)
    quiz.record("slack:T1:u:U2", state("kafka/c-1", T0 - timedelta(days=2)), "good", T0)
    assert [s.item_id for s in quiz.due(USER_KEY, T0, 10)] == ["kafka/c-1", "redis/c-2"]
    assert quiz.due_counts([USER_KEY, "slack:T1:u:U2", "slack:T1:u:U3"], T0) == {USER_KEY: 2, "slack:T1:u:U2": 1}
    quiz.record(USER_KEY, state("redis/c-2", T0 + timedelta(days=9)), "easy", T0 + timedelta(hours=1))
    assert quiz.due_counts([USER_KEY], T0) == {USER_KEY: 1}
    assert len(quiz.review_times(USER_KEY)) == 4
    assert quiz.states(USER_KEY)["redis/c-2"].fsrs == {"state": 2}


def reminders(content: Content, store: SqlStore, clock: FixedClock, owner: str) -> Dispatcher:
    mentor = Mentor(content, store, clock, MentorAnswerer(content))
    return Dispatcher(store, RECORDER, clock, mentor.composers(), owner, pace_seconds=0)


RECORDER = RecordingMessenger()


def test_review_reminders_go_out_once_across_restarts_and_two_schedulers(content: Content, engine: Engine) -> None:
    RECORDER.sent.clear()
    store = SqlStore(engine)
    store.schedules.save(Schedule("review", DM, (0,), time(9), "UTC", T0 - timedelta(days=10)))
    store.quiz.record(USER_KEY, state("debugging/c-1", T0 - timedelta(days=1)), "good", T0 - timedelta(days=3))
    quiet = Destination("slack", "T1", None, "U9")  # reminders on, but nothing due: no message
    store.schedules.save(Schedule("review", quiet, (0,), time(9), "UTC", T0 - timedelta(days=10)))
    clock = FixedClock(T0 + timedelta(hours=6))  # the scheduler was down at 09:00

    async def fleet() -> None:
        first, second = reminders(content, store, clock, "a"), reminders(content, SqlStore(engine), clock, "b")
        await asyncio.gather(first.tick(), second.tick())
        await reminders(content, SqlStore(engine), clock, "c").tick()  # a restart

    asyncio.run(fleet())
    assert [d for d, _ in RECORDER.sent] == [DM]
    [(_, reply)] = RECORDER.sent
    assert "1 review due, about 1 minute." in plain_text(reply)
    assert [b.command for b in reply.buttons] == ["review"]


def test_forget_me_erases_every_quiz_row(content: Content, answerer: MentorAnswerer, engine: Engine) -> None:
    mentor = Mentor(content, SqlStore(engine), FixedClock(T0), answerer)
    [question] = mentor.handle(dm("quiz debugging"))
    [answer] = click(mentor, question, "Show answer")
    click(mentor, answer, "Good")  # a state, a log row and a session in progress
    mentor.handle(dm("review on mon 08:00"))
    mentor.handle(dm("forget me confirm"))
    leftovers = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.info.get("user_ref"):
                    found = connection.execute(select(column).where(column.in_(["U1", USER_KEY]))).all()
                    leftovers += [f"{table.name}.{column.name}"] * len(found)
    assert leftovers == []


def test_the_cli_contract(tmp_path: Path) -> None:
    env = {**os.environ, "MENTOR_DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    mentor = [sys.executable, "-m", "adapters.cli", "quiz", "--json", "--topic", "debugging", "--user", "U7"]

    def run(*extra: str) -> dict[str, object]:
        done = subprocess.run([*mentor, *extra], env=env, capture_output=True, check=True, timeout=60)
        return dict(json.loads(done.stdout))

    first = run()
    assert first["due"] is None
    assert set(first["item"]) == {"id", "question", "answer", "topic"}  # type: ignore[arg-type]
    graded = run("--grade", "good")
    assert graded["item"] == first["item"]
    due = datetime.fromisoformat(str(graded["due"]))
    assert timedelta(days=1) < due - datetime.now(UTC) < timedelta(days=3)
    assert run()["item"] != first["item"]  # the graded item is no longer next
    refused = subprocess.run([*mentor[:-4], "--topic", "nope"], check=False, env=env, capture_output=True, timeout=60)
    assert refused.returncode == 2 and b"unknown topic" in refused.stderr


def test_the_plan_shows_the_streak_and_what_is_worth_a_second_look(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    from tests.integration.test_plans_flow import ANSWERS  # noqa: PLC0415 (the same assessment answers)

    mentor = Mentor(content, SqlStore(engine), FixedClock(T0), answerer)
    mentor.handle(dm("plan"))
    replies = [r for answer in ANSWERS for r in mentor.handle(dm(answer))]
    offer = next(r for r in replies if "Remind me of reviews" in [b.label for b in r.buttons])
    assert [b.command for b in offer.buttons] == ["review on", "quiz"]

    stored = SqlStore(engine).plans.get(USER_KEY)
    assert stored is not None
    first = stored.plan["weeks"][0]["parts"][0][0]
    title = content.topics[first].title
    mentor.handle(dm(f"done {title}"))
    [question] = mentor.handle(dm("review"))  # the finished step joined the deck
    assert question.heading.startswith(f"Quiz · {title}")
    if question.buttons[0].label == "Show answer":
        [answer] = click(mentor, question, "Show answer")
        click(mentor, answer, "Again")
    else:
        click(mentor, question, "True")  # a myth taken for true is graded "again"
    mentor.handle(dm("quiz stop"))

    [plan] = mentor.handle(dm("plan"))
    shown = plain_text(plan)
    assert f"Worth a second look: {title}" in shown
    assert "Streak: 1 week" in shown
    [progress] = mentor.handle(dm("progress"))
    assert "Streak: 1 week" in plain_text(progress)
    assert "Streak" not in plain_text(mentor.handle(Incoming("slack", "T1", "D2", "U2", "plan", is_dm=True))[0])
