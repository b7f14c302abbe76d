from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select

from adapters.sql.engine import schema_is_current
from adapters.sql.seen_events import SeenEvents
from adapters.sql.slack_tables import OAUTH_STATES, prune_oauth_states
from adapters.sql.slack_tables import metadata as slack_metadata
from adapters.sql.store import SqlStore
from bot.ports import QuestionRecord

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def record(text: str, user: str = "U1", confidence: float = 0.2, minutes: int = 0) -> QuestionRecord:
    return QuestionRecord(T0 + timedelta(minutes=minutes), "slack", "T1", user, text, "unsure", None, confidence)


def test_migrated_database_is_current(engine: Engine) -> None:
    assert schema_is_current(engine)


def test_gaps_list_the_most_frequent_low_confidence_questions(sql_store: SqlStore) -> None:
    for i, text in enumerate(["what is a monad", "What is a monad ", "best pizza", "what is a monad"]):
        sql_store.questions.record(record(text, minutes=i))
    sql_store.questions.record(record("what is redis", confidence=0.9))
    gaps = sql_store.questions.gaps(limit=10)
    assert [(g.text, g.count) for g in gaps] == [("what is a monad", 3), ("best pizza", 1)]


def test_erase_user_removes_only_that_users_questions(sql_store: SqlStore) -> None:
    sql_store.questions.record(record("q1", user="U1"))
    sql_store.questions.record(record("q2", user="U2"))
    assert sql_store.questions.erase_user("slack", "T1", "U1") == 1
    assert [g.text for g in sql_store.questions.gaps()] == ["q2"]


def test_text_with_sql_meta_characters_is_stored_verbatim(sql_store: SqlStore) -> None:
    nasty = '\'; DROP TABLE question_log; -- \\ % _ "x"'
    sql_store.questions.record(record(nasty))
    assert [g.text for g in sql_store.questions.gaps()] == [nasty.strip().lower()]


def test_an_event_is_seen_for_the_first_time_only_once(engine: Engine) -> None:
    seen, other_process = SeenEvents(engine), SeenEvents(engine)
    assert seen.first_time("slack:Ev1", T0)
    assert not other_process.first_time("slack:Ev1", T0)
    assert other_process.first_time("slack:Ev2", T0)
    assert seen.prune(timedelta(days=1), T0 + timedelta(days=2)) == 2
    assert seen.first_time("slack:Ev1", T0 + timedelta(days=2))


def test_retention_prunes_old_questions_and_gaps_use_what_is_kept(sql_store: SqlStore) -> None:
    sql_store.questions.record(record("what is a monad", minutes=0))
    sql_store.questions.record(record("what is a monad", minutes=60 * 24 * 100))
    sql_store.questions.record(record("best pizza", minutes=60 * 24 * 100))
    assert sql_store.questions.prune(T0 + timedelta(days=10)) == 1
    assert [(g.text, g.count) for g in sql_store.questions.gaps()] == [("best pizza", 1), ("what is a monad", 1)]


def test_expired_oauth_states_are_pruned(engine: Engine) -> None:
    states = slack_metadata.tables[OAUTH_STATES]
    with engine.begin() as connection:
        connection.execute(
            insert(states),
            [
                {"state": "abandoned", "expire_at": datetime(2026, 11, 23, 8, 0)},
                {"state": "fresh", "expire_at": datetime(2026, 11, 23, 9, 10)},
            ],
        )
    assert prune_oauth_states(engine, T0) == 1
    with engine.connect() as connection:
        assert connection.execute(select(states.c.state)).scalars().all() == ["fresh"]
