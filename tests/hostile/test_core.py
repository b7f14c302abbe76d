"""The core under hostile input: no crash, a clear reply every time, and nothing stored by others changes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from adapters.sql.tables import Base
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.grammar import Malformed, parse
from bot.mentor import Mentor, clean_text
from bot.messages import Incoming, plain_text
from tests.fakes import FixedClock
from tests.hostile.strategies import hostile_text

OWNER, INTRUDER = "U1", "U9"
INTRUDER_KEYS = {INTRUDER, f"slack:T1:u:{INTRUDER}"}
INTERNAL_ERROR = "went wrong"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, content: Content, answerer: MentorAnswerer) -> Iterator[Mentor]:
    """A database with someone's plan, progress, questions, DM digest and a channel subscription."""
    engine = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('hostile')) / 'mentor.db'}")
    upgrade(engine)
    mentor = Mentor(content, SqlStore(engine), FixedClock(), answerer, rate_limit_per_minute=0)
    owner_dm = Incoming("slack", "T1", "D1", OWNER, "", is_dm=True, is_admin=True)
    for text in ["plan", "mid", "senior", "databases", "none", "5", "mon 09:00 UTC", "done indexing", "tip"]:
        mentor.handle(Incoming(**{**owner_dm.__dict__, "text": text}))
    mentor.handle(Incoming("slack", "T1", "C1", OWNER, "digest subscribe here wed 10:00 Asia/Tokyo", is_admin=True))
    mentor.handle(Incoming("slack", "T1", "C1", OWNER, "digest now", is_admin=True))
    mentor.handle(Incoming("slack", "T1", "D1", OWNER, "digest me on fri", is_dm=True))
    yield mentor
    engine.dispose()


def checksums(engine: Engine) -> dict[str, str]:
    """A hash of every table's rows, leaving out rows that belong to the intruder."""
    sums = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            refs = [c for c in table.columns if c.info.get("user_ref") in {"id", "key"}]
            rows = connection.execute(select(table)).mappings().all()
            kept = sorted(repr(sorted(r.items())) for r in rows if not any(r[c.name] in INTRUDER_KEYS for c in refs))
            sums[table.name] = hashlib.sha256("\n".join(kept).encode()).hexdigest()
    return sums


def check_reply(mentor: Mentor, incoming: Incoming) -> None:
    replies = mentor.handle(incoming)
    assert replies, "no reply"
    for reply in replies:
        text = plain_text(reply)
        assert text.strip(), "an empty reply"
        assert INTERNAL_ERROR not in text, f"an internal error for {incoming.text!r}"


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text, is_dm=st.booleans(), is_click=st.booleans())
@example(text="x" * 1_000_000, is_dm=True, is_click=False)
@example(text="digest subscribe <#C1> mon 09:00 UTC+2", is_dm=False, is_click=False)
@example(text="forget me confirm", is_dm=True, is_click=True)
@example(text="digest resend 1", is_dm=False, is_click=True)
@example(text="done " + "a-" * 2000, is_dm=True, is_click=True)
def test_a_non_admin_never_crashes_the_core_or_changes_anyone_elses_data(
    world: Mentor, text: str, is_dm: bool, is_click: bool
) -> None:
    engine = world.store.engine  # type: ignore[attr-defined]
    before = checksums(engine)
    channel = "D9" if is_dm else "C1"
    check_reply(world, Incoming("slack", "T1", channel, INTRUDER, text, is_dm=is_dm, is_click=is_click))
    assert checksums(engine) == before


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
def test_an_admin_command_that_fails_changes_nothing(world: Mentor, text: str) -> None:
    if not isinstance(parse(clean_text(text)), Malformed):  # what the core parses, after cleaning
        return
    engine = world.store.engine  # type: ignore[attr-defined]
    before = checksums(engine)
    check_reply(world, Incoming("slack", "T1", "C1", INTRUDER, text, is_admin=True))
    assert checksums(engine) == before
