"""`forget me` leaves nothing (any column of any table, any file in the data folder); `export me` holds everything.

Both are checked against the model metadata `forget me` walks: every table with a ``user_ref`` column, slack-sdk's
installation tables included.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import Engine, String, Text, select

from adapters.console import ConsoleChat
from adapters.files import FileShelf
from adapters.slack.installations import Installations
from adapters.sql.privacy import personal_tables
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text
from tests.fakes import FixedClock

PERSON = "U0ERASE1"  # distinctive, so a search of every byte finds nothing else
OTHER = "U0KEEP22"
QUESTION = "how does zebracorn sharding rebalance partitions"
CONSOLE_USER = "ada0erase"
CLIENT_ID = "1111.2222"
ASSESSMENT = ["plan", "mid", "senior", "databases", "python", "none", "none", "skip", "5"]  # then the check-in


def dm(text: str, user: str = PERSON) -> Incoming:
    return Incoming("slack", "T1", "D1", user, text, is_dm=True, timezone="Europe/Berlin")


def lived_in(content: Content, answerer: MentorAnswerer, engine: Engine, data: Path) -> tuple[Mentor, ConsoleChat]:
    """A person who did everything the bot can store (on Slack and at the console), and someone else."""
    mentor = Mentor(content, SqlStore(engine), FixedClock(), answerer, files=FileShelf(data / "files"))
    for text in [*ASSESSMENT, "mon 09:00 UTC", "done indexing", QUESTION, "tip"]:
        mentor.handle(dm(text))
    mentor.handle(Incoming("slack", "T2", "D2", PERSON, "plan", is_dm=True))  # an assessment under way elsewhere
    [question] = mentor.handle(dm("quiz debugging"))
    [answer] = click(mentor, question, "Show answer")
    click(mentor, answer, "Good")  # a quiz state, a review and a session in progress
    mentor.handle(dm("review on mon 08:00"))
    mentor.handle(dm("digest me on fri"))
    mentor.handle(Incoming("slack", "T1", "C1", PERSON, "digest subscribe here wed 10:00 UTC", is_admin=True))
    mentor.handle(dm("what is kafka", user=OTHER))
    installations = Installations(CLIENT_ID, engine)
    installations.store.save(
        Installation(
            app_id="A1", team_id="T1", user_id=PERSON, bot_token="xoxb-1", bot_id="B1", bot_user_id="UBOT",
            installed_at=datetime(2026, 1, 1, tzinfo=UTC).timestamp(),
        )
    )  # fmt: skip
    chat = ConsoleChat(mentor, user=CONSOLE_USER, timezone="UTC", files_dir=data / "files")
    for line in [*ASSESSMENT, "skip", "plan picture", QUESTION, "export me"]:
        chat.send(line)
    return mentor, chat


def click(mentor: Mentor, reply: Reply, label: str) -> list[Reply]:
    return mentor.handle(dm(next(b.command for b in reply.buttons if b.label == label)))


def traces(engine: Engine, *needles: str) -> list[str]:
    """Every ``table.column`` of every table holding one of ``needles`` anywhere in a text value."""
    found = []
    with engine.connect() as connection:
        for table in personal_tables():
            for column in table.columns:
                if isinstance(column.type, String | Text):
                    for needle in needles:
                        hits = connection.execute(select(column).where(column.contains(needle))).all()
                        found += [f"{table.name}.{column.name}"] * len(hits)
    return found


def files_holding(folder: Path, *needles: str) -> list[str]:
    """Every file under ``folder`` whose name or bytes hold one of ``needles``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}: {n}" for n in needles if n.encode() in data or n in str(path)]
    return found


def test_forget_me_leaves_nothing_in_any_column_or_any_file(
    content: Content, answerer: MentorAnswerer, engine: Engine, tmp_path: Path
) -> None:
    mentor, chat = lived_in(content, answerer, engine, tmp_path)
    assert traces(engine, PERSON, CONSOLE_USER), "the person left no trace to erase: the test proves nothing"
    assert files_holding(tmp_path / "files", CONSOLE_USER, "PNG")

    [ask] = mentor.handle(dm("forget me"))
    assert "files I saved for you" in plain_text(ask)
    [done] = mentor.handle(dm("forget me confirm"))
    assert "Nothing about you is left" in plain_text(done)
    chat.send("forget me confirm")

    assert traces(engine, PERSON, CONSOLE_USER, QUESTION) == []
    assert files_holding(tmp_path, PERSON, CONSOLE_USER, QUESTION) == []  # the database files too (SQLite)
    assert list((tmp_path / "files").iterdir()) == []
    installations = Installations(CLIENT_ID, engine)
    assert installations.bot_token("T1") == "xoxb-1"  # the workspace keeps the app, without its installer
    kept = installations.store.find_installation(enterprise_id=None, team_id="T1")
    assert kept is not None and kept.bot_token == "xoxb-1" and kept.user_id == ""
    assert "question_log.user_id" in traces(engine, OTHER)  # someone else's data is untouched


def test_export_me_holds_every_row_forget_me_would_touch(
    content: Content, answerer: MentorAnswerer, engine: Engine, tmp_path: Path
) -> None:
    mentor, _chat = lived_in(content, answerer, engine, tmp_path)
    [reply] = mentor.handle(dm("export me"))
    assert reply.to_dm  # a file in the person's DM on Slack and Discord
    [file] = reply.files
    exported = json.loads(file.data)
    assert exported["person"] == {"platform": "slack", "workspace": "T1", "user": PERSON}

    expected: dict[str, int] = {}  # per table: rows pointing at the person through a user_ref column
    with engine.connect() as connection:
        for table in personal_tables():
            keys: set[tuple[object, ...]] = set()
            for column in table.columns:
                if column.info.get("user_ref"):
                    rows = connection.execute(select(table).where(column.in_([PERSON, "slack:T1:u:U0ERASE1"])))
                    keys |= {tuple(row) for row in rows}
            if keys:
                expected[table.name] = len(keys)
    assert {name: len(rows) for name, rows in exported["tables"].items()} == expected
    assert {"plans", "conversations", "plan_progress", "question_log", "tip_history", "schedules"} <= set(expected)
    assert {"quiz_items", "quiz_reviews", "quiz_sessions", "slack_installations"} <= set(expected)
    assert QUESTION in file.data.decode()
    assert "xoxb-1" not in file.data.decode()  # the installation is listed without its tokens
    assert "token" not in json.dumps(exported["tables"]["slack_installations"])


def test_export_me_at_the_console_is_a_saved_file_that_lists_the_persons_files(
    content: Content, answerer: MentorAnswerer, engine: Engine, tmp_path: Path
) -> None:
    _mentor, chat = lived_in(content, answerer, engine, tmp_path)
    [reply] = chat.send("export me")
    saved = tmp_path / "files" / f"console_local_u_{CONSOLE_USER}" / "mentor-export.json"
    assert f"Saved mentor-export.json to {saved}." in plain_text(reply)
    exported = json.loads(saved.read_text())
    assert str(saved.parent / "learning-plan.png") in exported["files"]
    assert QUESTION in [row["text"] for row in exported["tables"]["question_log"]]


def test_command_words_do_not_capture_questions() -> None:
    from bot.grammar import ExportMe, ForgetMe, Question, parse  # noqa: PLC0415

    assert isinstance(parse("export me"), ExportMe)
    assert isinstance(parse("Export  ME"), ExportMe)
    assert isinstance(parse("forget me"), ForgetMe)
    for question in ("export my data to csv in postgres?", "export me a csv of my table", "forget me not flowers"):
        assert isinstance(parse(question), Question), question
