"""Feedback on a real database (SQLite and PostgreSQL): votes, notes, gaps per workspace, retention, forget me."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from adapters.sql.tables import Base
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Incoming
from tests.fakes import FixedClock

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)


def say(mentor: Mentor, text: str, user: str = "U1", workspace: str = "T1", *, click: bool = False) -> None:
    mentor.handle(Incoming("slack", workspace, "D1", user, text, is_dm=True, is_click=click))


def test_votes_notes_and_gaps_stay_in_their_workspace(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    store = SqlStore(engine)
    mentor = Mentor(content, store, FixedClock(T0), answerer)
    say(mentor, "what is caching")  # answer 1, workspace T1
    for user in ("U1", "U2", "U3"):
        say(mentor, "vote down 1", user, click=True)
    say(mentor, "missing: how to choose a TTL", "U2")
    say(mentor, "vote up 1", "U4", click=True)
    say(mentor, "how do I bake sourdough bread")  # unsure, T1
    say(mentor, "how do I knit a scarf", "U9", "T2")  # unsure, T2

    [disliked] = store.feedback.disliked("slack", "T1", None, 10)
    assert (disliked.answer_id, disliked.downs, disliked.notes) == (1, 3, ("how to choose a TTL",))
    [card] = store.feedback.card_votes("slack", "T1", None)
    assert (card.topic_id, card.up, card.down) == ("caching-basics", 1, 3)
    assert store.feedback.disliked("slack", "T2", None, 10) == []
    assert [g.text for g in store.questions.gaps(workspace=("slack", "T1"))] == ["how do i bake sourdough bread"]
    assert [g.text for g in store.questions.gaps(workspace=("slack", "T2"))] == ["how do i knit a scarf"]
    assert store.questions.gaps(workspace=("slack", "T1"), since=T0 + timedelta(days=1)) == []

    store.questions.prune(T0 + timedelta(days=1))  # votes are kept as long as the question log
    assert store.feedback.disliked("slack", "T1", None, 10) == []


def test_forget_me_erases_votes_notes_and_follow_up_context(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = Mentor(content, SqlStore(engine), FixedClock(T0), answerer)
    say(mentor, "what is caching")
    say(mentor, "bad")
    say(mentor, "missing: eviction policies")
    say(mentor, "forget me confirm")
    leftovers = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.info.get("user_ref"):
                    found = connection.execute(select(column).where(column.in_(["U1", "slack:T1:u:U1"]))).all()
                    leftovers += [f"{table.name}.{column.name}"] * len(found)
    assert leftovers == []


def test_content_gaps_reports_each_workspace_apart(content: Content, answerer: MentorAnswerer, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    upgrade(engine)
    mentor = Mentor(content, SqlStore(engine), FixedClock(T0), answerer)
    say(mentor, "what is caching")
    say(mentor, "vote down 1", click=True)
    say(mentor, "missing: TTL advice")
    say(mentor, "how do I knit a scarf", "U9", "T2")
    engine.dispose()
    env = {**os.environ, "MENTOR_DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "adapters.cli", "content", "gaps"]
    reports = [
        json.loads(line)
        for line in subprocess.run([*command, "--json"], env=env, capture_output=True, check=True).stdout.splitlines()
    ]
    assert [r["workspace"] for r in reports] == ["slack:T1", "slack:T2"]
    assert reports[0]["voted_down"][0]["missing"] == ["TTL advice"]
    assert reports[0]["unsure"] == [] and reports[1]["unsure"][0]["question"] == "how do i knit a scarf"
    only = subprocess.run([*command, "--workspace", "T2"], env=env, capture_output=True, check=True).stdout.decode()
    assert "== slack:T2 ==" in only and "slack:T1" not in only
    assert "asked  confidence" in only and "downs" in only
