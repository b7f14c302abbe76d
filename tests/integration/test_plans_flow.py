"""Plans through the core on a real database: the assessment across a restart, progress, check-ins, forget me."""

import asyncio

from PIL import Image
from sqlalchemy import Engine, select

from adapters.sql.store import SqlStore
from adapters.sql.tables import Base
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text
from tests.fakes import FixedClock, RecordingMessenger

ANSWERS = ["mid", "senior", "databases, security", "python django", "sql, git", "skip", "6", "fri 16:00 Europe/Berlin"]


def dm(text: str, user: str = "U1", *, is_click: bool = False) -> Incoming:
    return Incoming("slack", "T1", "D1", user, text, is_dm=True, timezone="Europe/Berlin", is_click=is_click)


def new_mentor(content: Content, answerer: MentorAnswerer, engine: Engine, clock: FixedClock) -> Mentor:
    return Mentor(content, SqlStore(engine), clock, answerer)


def say(mentor: Mentor, text: str, user: str = "U1") -> list[Reply]:
    return mentor.handle(dm(text, user))


def make_plan(content: Content, answerer: MentorAnswerer, engine: Engine, clock: FixedClock) -> Mentor:
    mentor = new_mentor(content, answerer, engine, clock)
    say(mentor, "plan")
    for answer in ANSWERS:
        say(mentor, answer)
    return mentor


def test_the_assessment_survives_a_restart_midway(content: Content, answerer: MentorAnswerer, engine: Engine) -> None:
    clock = FixedClock()
    first = new_mentor(content, answerer, engine, clock)
    say(first, "plan")
    for answer in ANSWERS[:3]:
        say(first, answer)
    restarted = new_mentor(content, answerer, engine, clock)  # a new process on the same database
    [resumed] = say(restarted, "plan")
    assert "question 4 of 8" in resumed.heading
    for answer in ANSWERS[3:]:
        replies = say(restarted, answer)
    assert replies[0].heading == "Your plan: mid → senior"
    assert "fri at 16:00 Europe/Berlin" in plain_text(replies[1])


def test_back_cancel_and_hostile_answers(content: Content, answerer: MentorAnswerer, engine: Engine) -> None:
    mentor = new_mentor(content, answerer, engine, FixedClock())
    say(mentor, "plan")
    say(mentor, "junior")
    [back] = say(mentor, "back")
    assert "question 1 of 8" in back.heading
    for answer in ANSWERS[:6]:
        say(mentor, answer)
    for hostile in ["0", "10000", "x" * 3000, "lots"]:
        [reprompt] = say(mentor, hostile)
        assert "question 7 of 8" in reprompt.heading
    [cancelled] = say(mentor, "cancel")
    assert "question" not in cancelled.heading
    [fresh] = say(mentor, "plan")
    assert "question 1 of 8" in fresh.heading


def test_progress_done_twice_is_harmless_and_skip_questions_stay_questions(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = make_plan(content, answerer, engine, FixedClock())
    [first] = say(mentor, "done indexing")
    [again] = say(mentor, "done indexing")
    assert first.heading == again.heading == "Done: Database indexing"
    assert plain_text(first) == plain_text(again)
    [question] = say(mentor, "skip list vs b-tree")
    assert not question.heading.startswith("Skipped")
    [picture] = say(mentor, "plan picture")
    [png] = picture.files
    assert png.data.startswith(b"\x89PNG")


def test_the_picture_decodes_as_a_png(content: Content, answerer: MentorAnswerer, engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mentor = make_plan(content, answerer, engine, FixedClock())
    [picture] = say(mentor, "plan picture")
    path = tmp_path / "plan.png"
    path.write_bytes(picture.files[0].data)
    with Image.open(path) as image:
        image.verify()
        assert image.size[0] > 400 and image.size[1] > 200


def test_a_check_in_is_delivered_once_through_the_ledger(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    clock = FixedClock()  # Monday 23 Nov 2026, 09:00 UTC
    mentor = make_plan(content, answerer, engine, clock)
    clock.advance(days=4, hours=6)  # Friday 16:00 Berlin is 15:00 UTC
    messenger = RecordingMessenger()
    sender = Dispatcher(mentor.store, messenger, clock, mentor.composers(), "p1", pace_seconds=0)
    asyncio.run(sender.tick())
    asyncio.run(sender.tick())
    [(destination, reply)] = messenger.sent
    assert destination.user == "U1" and destination.channel is None
    assert "week" in plain_text(reply).lower()


def test_forget_me_leaves_nothing_behind(content: Content, answerer: MentorAnswerer, engine: Engine) -> None:
    clock = FixedClock()
    mentor = make_plan(content, answerer, engine, clock)
    say(mentor, "done indexing")
    say(mentor, "what is redis")
    say(mentor, "tip")
    say(mentor, "digest me on")
    admin = Incoming("slack", "T1", "C1", "U1", "digest subscribe here", is_admin=True)
    mentor.handle(admin)
    mentor.handle(Incoming("slack", "T1", "C1", "U2", "what is kafka"))  # someone else
    clock.advance(days=5)
    asyncio.run(Dispatcher(mentor.store, RecordingMessenger(), clock, mentor.composers(), "p", pace_seconds=0).tick())
    say(mentor, "plan reset")
    say(mentor, "plan")  # a half-finished assessment too
    [ask] = say(mentor, "forget me")
    assert [b.command for b in ask.buttons] == ["forget me confirm", "forget me cancel"]
    say(mentor, "forget me confirm")

    leftovers = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.info.get("user_ref"):
                    found = connection.execute(select(column).where(column.in_(["U1", "slack:T1:u:U1"]))).all()
                    leftovers += [f"{table.name}.{column.name}"] * len(found)
        subs = connection.execute(
            select(Base.metadata.tables["schedules"].c.channel, Base.metadata.tables["schedules"].c.created_by)
        ).all()
        others = connection.execute(select(Base.metadata.tables["question_log"].c.user_id)).scalars().all()
    assert leftovers == []
    assert subs == [("C1", None)]  # the channel subscription stays, without its creator
    assert others == ["U2"]  # other people's data is untouched


def test_a_plan_asked_for_in_a_channel_goes_to_the_dm(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = make_plan(content, answerer, engine, FixedClock())
    note, plan = mentor.handle(Incoming("slack", "T1", "C1", "U1", "plan"))
    assert "DM" in plain_text(note) and not note.to_dm
    assert plan.to_dm and plan.heading == "Your plan: mid → senior"


def test_what_to_learn_next_shows_the_persons_plan(content: Content, answerer: MentorAnswerer, engine: Engine) -> None:
    clock = FixedClock()
    mentor = new_mentor(content, answerer, engine, clock)
    [offer] = say(mentor, "what should I learn next?")
    assert any(b.command == "plan" for b in offer.buttons)  # no plan yet: offered one
    make_plan(content, answerer, engine, clock)
    [plan] = say(mentor, "help me get better")
    assert plan.heading == "Your plan: mid → senior"
