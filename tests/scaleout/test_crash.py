"""Three scheduler processes on one PostgreSQL database against a fake platform that counts posts per channel.

Each run breaks something mid-send — the leader killed with SIGKILL, a connection dropped after the platform
accepted a post, a call that hangs, the database restarted — and must end with every channel posted exactly once
and every ledger row ``sent``: no human action, nothing unconfirmed. The delivery settings are the defaults (batch
size, claim timeout of three HTTP timeouts) with a short HTTP timeout and tick, so recovery takes seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapters.sql.engine import make_engine, upgrade
from tests.postgres import find_pg_bin, postgres_server, restart
from tests.scaleout.conftest import Database
from tests.scaleout.fleet import FakeChatApi, Ledger, Scheduler, scheduler_env, subscribe_channels, wait_until

pytestmark = pytest.mark.postgres

Disruption = Callable[[list[Scheduler], Ledger, FakeChatApi], None]


def leaders_by_metrics(fleet: list[Scheduler]) -> int:
    """How many live processes report ``mentor_scheduler_leader 1``."""
    found = 0
    for scheduler in fleet:
        if scheduler.process.poll() is None and re.search(r"^mentor_scheduler_leader 1\.0$", scheduler.metrics(), re.M):
            found += 1
    return found


def run_fleet(database: Database, api: FakeChatApi, tmp_path: Path, count: int, disrupt: Disruption) -> Ledger:
    """Subscribe ``count`` channels, start three schedulers, ``disrupt`` them, and wait for every row to be sent."""
    channels = subscribe_channels(database.engine, count, "slack" if api.slack else "discord")
    ledger = Ledger(database.engine)
    env = scheduler_env(database.url, api.url, tmp_path, slack=api.slack)
    fleet = [Scheduler(f"scheduler-{i}", env, tmp_path) for i in range(3)]
    try:
        wait_until(ledger.leader_pid, "a leader")
        disrupt(fleet, ledger, api)
        wait_until(
            lambda: ledger.states() == {"sent": count},
            "every delivery to be sent",
            timeout=60,
        )
        alive = [s for s in fleet if s.process.poll() is None]
        assert leaders_by_metrics(alive) == 1
        for scheduler in alive:
            scheduler.terminate()
        for scheduler in alive:
            assert scheduler.wait(timeout=30) == 0, scheduler.tail()
    except AssertionError:
        print(dict(ledger.states()), "\n".join(s.tail(15) for s in fleet))
        raise
    finally:
        for scheduler in fleet:
            scheduler.stop()
    received = api.received()
    assert set(received) == set(channels), "every channel got its post"
    assert max(received.values()) == 1, "no channel got two posts"
    return ledger


def kill_the_leader_mid_batch(fleet: list[Scheduler], ledger: Ledger, api: FakeChatApi) -> None:
    leader_pid = wait_until(ledger.leader_pid, "a leader")
    [leader] = [s for s in fleet if s.pid == leader_pid]
    wait_until(lambda: api.total() >= 40 and ledger.claimed_by(leader.pid) > 0, "the leader mid-batch", every=0.005)
    leader.kill()
    assert ledger.claimed_by(leader.pid) > 0, "the leader died holding claims"
    survivors = {s.pid for s in fleet if s is not leader}
    wait_until(lambda: ledger.leader_pid() in survivors, "another process to lead")


def nothing(fleet: list[Scheduler], ledger: Ledger, api: FakeChatApi) -> None:
    pass


@pytest.fixture
def slack_api() -> Iterator[FakeChatApi]:
    api = FakeChatApi(delay=0.2).start()
    yield api
    api.stop()


def test_killing_the_leader_mid_batch_posts_every_channel_exactly_once(
    database: Database, slack_api: FakeChatApi, tmp_path: Path
) -> None:
    run_fleet(database, slack_api, tmp_path, 200, kill_the_leader_mid_batch)


@pytest.mark.parametrize("fault", ["drop", "hang"])
def test_a_post_accepted_then_unanswered_is_found_not_sent_again(
    database: Database, tmp_path: Path, fault: str
) -> None:
    api = FakeChatApi(delay=0.02, faults={7: fault, 40: fault, 41: fault}, hang_seconds=4).start()
    try:
        run_fleet(database, api, tmp_path, 80, nothing)
    finally:
        api.stop()
    assert len(api.faulted) == 3


def test_a_database_restart_mid_run_posts_every_channel_exactly_once(tmp_path: Path) -> None:
    pg_bin = find_pg_bin()
    assert pg_bin is not None
    api = FakeChatApi(delay=0.1).start()

    def restart_the_database(fleet: list[Scheduler], ledger: Ledger, chat: FakeChatApi) -> None:
        wait_until(lambda: chat.total() >= 40, "the run under way", every=0.005)
        restart(server)

    with postgres_server(pg_bin) as server:  # its own server: the restart cuts every connection to it
        engine = make_engine(server)
        upgrade(engine)
        try:
            run_fleet(Database(server, engine), api, tmp_path, 200, restart_the_database)
        finally:
            api.stop()
            engine.dispose()


def test_discord_killing_the_leader_mid_batch_and_dropped_posts_post_every_channel_once(
    database: Database, tmp_path: Path
) -> None:
    api = FakeChatApi(delay=0.2, slack=False, faults={5: "drop", 90: "drop"}).start()
    try:
        run_fleet(database, api, tmp_path, 200, kill_the_leader_mid_batch)
    finally:
        api.stop()
    assert len(api.faulted) == 2
