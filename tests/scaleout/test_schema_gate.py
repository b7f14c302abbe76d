"""One migrator: `mentor run` waits for `mentor db upgrade` on a server database, then exits with a clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.sql.engine import make_engine, upgrade
from adapters.sql.schema_gate import SchemaNotReadyError, schema_problem, wait_for_schema
from tests.scaleout.conftest import Database
from tests.scaleout.fleet import Scheduler, scheduler_env, wait_until


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_waiting_gives_up_with_a_message_naming_the_fix(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    clock = FakeTime()
    with pytest.raises(SchemaNotReadyError, match=r"run `mentor db upgrade`.*gave up after waiting 5 s"):
        wait_for_schema(engine, 5, poll=2, sleep=clock.sleep, monotonic=clock.monotonic)
    assert clock.slept == [2, 2, 1]
    engine.dispose()


def test_waiting_ends_as_soon_as_the_release_step_has_migrated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    clock = FakeTime()

    def release_step_runs_meanwhile(seconds: float) -> None:
        clock.sleep(seconds)
        upgrade(engine)

    wait_for_schema(engine, 60, poll=2, sleep=release_step_runs_meanwhile, monotonic=clock.monotonic)
    assert clock.slept == [2]
    engine.dispose()


def test_a_schema_newer_than_the_code_says_so(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert "a newer release migrated it" in str(schema_problem(engine))
    engine.dispose()


@pytest.mark.postgres
def test_run_on_an_unmigrated_server_database_exits_naming_mentor_db_upgrade(
    empty_database: Database, tmp_path: Path
) -> None:
    env = scheduler_env(empty_database.url, "http://127.0.0.1:9/api/", tmp_path, MENTOR_SCHEMA_WAIT_SECONDS="0.5")
    command = [sys.executable, "-m", "adapters.cli", "run", "--role", "scheduler"]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 3
    assert "mentor db upgrade" in done.stderr
    with empty_database.engine.connect() as connection:  # it did not migrate by itself
        assert not connection.execute(text("SELECT to_regclass('deliveries')")).scalar()


@pytest.mark.postgres
def test_run_waits_for_the_release_step_then_serves(empty_database: Database, tmp_path: Path) -> None:
    env = scheduler_env(empty_database.url, "http://127.0.0.1:9/api/", tmp_path)
    scheduler = Scheduler("waiting", env, tmp_path)
    try:
        wait_until(lambda: "waiting for the database schema" in scheduler.log.read_text(), "the process to wait")
        upgrade_run = [sys.executable, "-m", "adapters.cli", "db", "upgrade"]
        subprocess.run(upgrade_run, env=env, cwd=tmp_path, capture_output=True, timeout=60, check=True)
        wait_until(scheduler.healthz, "the scheduler to serve once migrated")
        scheduler.terminate()
        assert scheduler.wait(timeout=30) == 0, scheduler.tail()
    finally:
        scheduler.stop()
