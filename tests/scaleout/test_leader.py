"""Leadership through the advisory lock: one leader, handed over when it dies or steps down; SQLite leads alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.leader import AdvisoryLockLeadership, SoleLeader, current_leader, leadership_for
from adapters.sql.engine import make_engine
from tests.scaleout.conftest import Database

postgres = pytest.mark.postgres


@postgres
def test_one_process_leads_and_another_takes_over_when_its_connection_dies(database: Database) -> None:
    first = AdvisoryLockLeadership(database.engine, "host:101:aaaaaa")
    second = AdvisoryLockLeadership(database.engine, "host:202:bbbbbb")
    try:
        assert first.check() and not second.check()
        assert first.check() and not second.check()  # re-checking does not stack the lock
        assert current_leader(database.engine) == "host:101:aaaaaa"

        with database.engine.connect() as connection:  # the leader's connection is gone (crash, network)
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'mentor-leader host:101:aaaaaa'"
                )
            )
        assert not first.check() and not first.leading
        assert second.check() and second.leading
        assert current_leader(database.engine) == "host:202:bbbbbb"
        assert not first.check()  # it reconnects, but the lock is taken
    finally:
        first.release()
        second.release()


@postgres
def test_stepping_down_hands_over_at_the_next_check(database: Database) -> None:
    first = AdvisoryLockLeadership(database.engine, "host:101:aaaaaa")
    second = AdvisoryLockLeadership(database.engine, "host:202:bbbbbb")
    try:
        assert first.check()
        first.release()
        assert not first.leading and not first.check()  # released for good
        assert current_leader(database.engine) is None
        assert second.check()
    finally:
        second.release()


@postgres
def test_separate_databases_have_separate_leaders(database: Database, postgres_url: str) -> None:
    elsewhere = make_engine(postgres_url)
    first = AdvisoryLockLeadership(database.engine, "host:101:aaaaaa")
    second = AdvisoryLockLeadership(elsewhere, "host:202:bbbbbb")
    try:
        assert first.check() and second.check()
    finally:
        first.release()
        second.release()
        elsewhere.dispose()


def test_sqlite_has_one_process_which_leads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    leadership = leadership_for(engine, "host:1:aaaaaa")
    assert isinstance(leadership, SoleLeader)
    assert leadership.check() and leadership.leading
    leadership.release()
    engine.dispose()
