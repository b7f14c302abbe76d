"""Team features on a real database (SQLite and PostgreSQL): once-only summaries and pairings, forget me."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from adapters.sql.store import SqlStore
from adapters.sql.tables import Base
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.mentor import Mentor
from bot.messages import Destination, Incoming, plain_text
from bot.ports import QuestionRecord
from bot.team.composers import PairingComposer
from tests.fakes import FixedClock, RecordingMessenger
from tests.unit.team.helpers import PLAN_ANSWERS

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday


def say(mentor: Mentor, user: str, text: str, *, admin: bool = False) -> None:
    mentor.handle(Incoming("slack", "T1", f"D{user}", user, text, display_name=user, is_dm=True, is_admin=admin))


def team(content: Content, engine: Engine, clock: FixedClock, users: list[str]) -> Mentor:
    mentor = Mentor(content, SqlStore(engine), clock, MentorAnswerer(content))
    for number, user in enumerate(users):
        for text in ["plan", *PLAN_ANSWERS[("junior", "mid", "senior")[number % 3]], "partners join databases"]:
            say(mentor, user, text)
    return mentor


def fleet(content: Content, engine: Engine, clock: FixedClock, messenger: RecordingMessenger) -> None:
    """Two schedulers at once on the same database, then a restarted one."""

    def dispatcher(owner: str) -> Dispatcher:
        mentor = Mentor(content, SqlStore(engine), clock, MentorAnswerer(content))
        return Dispatcher(SqlStore(engine), messenger, clock, mentor.composers(), owner, pace_seconds=0)

    async def run() -> None:
        await asyncio.gather(dispatcher("a").tick(), dispatcher("b").tick())
        await dispatcher("c").tick()

    asyncio.run(run())


def test_the_summary_goes_out_once_across_restarts_and_two_schedulers(content: Content, engine: Engine) -> None:
    clock = FixedClock(T0)
    mentor = team(content, engine, clock, ["U1", "U2", "U3"])
    say(mentor, "A", "team summary on me", admin=True)
    store = SqlStore(engine)
    for user in ("U1", "U2", "U3"):
        record = QuestionRecord(T0, "slack", "T1", user, "Why is my kafka consumer lagging?", "unsure", "kafka", 0.3)
        store.questions.record(record)
    clock.current = T0 + timedelta(days=7, hours=6)  # the schedulers were down at 09:00
    messenger = RecordingMessenger()
    fleet(content, engine, clock, messenger)
    [(destination, reply)] = messenger.sent
    assert destination.user == "A"
    assert "“Why is my kafka consumer lagging?” — asked by 3 people" in plain_text(reply)


def test_a_retried_pairing_never_pairs_again(content: Content, engine: Engine) -> None:
    clock = FixedClock(T0)
    mentor = team(content, engine, clock, ["U1", "U2", "U3", "U4", "U5"])
    say(mentor, "A", "partners schedule mon 10:00 UTC", admin=True)
    clock.current = T0 + timedelta(hours=3)
    messenger = RecordingMessenger()
    fleet(content, engine, clock, messenger)
    groups = SqlStore(engine).team.groups("slack", "T1")
    assert sorted(len(g.members) for g in groups) == [2, 3]
    intros = sorted(d.user or "" for d, r in messenger.sent)
    assert intros == sorted(",".join(g.members) for g in groups)  # one group DM each, sent once
    tick = SqlStore(engine).deliveries.last("partners", Destination("slack", "T1", "~team"))
    assert tick is not None
    pairing = PairingComposer(content, SqlStore(engine))
    assert pairing.pair("slack", "T1", tick) is False  # the same week again (a retry): no new pairs
    again = RecordingMessenger()
    fleet(content, engine, clock, again)
    assert again.sent == [] and SqlStore(engine).team.groups("slack", "T1") == groups


def test_forget_me_leaves_nothing_of_a_person_in_team_tables_or_group_dm_deliveries(
    content: Content, engine: Engine
) -> None:
    clock = FixedClock(T0)
    mentor = team(content, engine, clock, ["U1", "U2"])
    say(mentor, "U1", "team share on")
    say(mentor, "A", "partners schedule mon 10:00 UTC", admin=True)
    say(mentor, "U1", "team summary on me", admin=True)
    clock.current = T0 + timedelta(hours=3)
    fleet(content, engine, clock, RecordingMessenger())
    say(mentor, "U1", "forget me confirm")
    leftovers = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.info.get("user_ref") in {"id", "key"}:
                    found = connection.execute(select(column).where(column.contains("U1"))).all()
                    leftovers += [f"{table.name}.{column.name}={value}" for (value,) in found]
    assert leftovers == []
    assert [g.members for g in SqlStore(engine).team.groups("slack", "T1")] == [("U2",)]  # the partner's own row
