"""Three scheduler processes on one PostgreSQL database; the leader is killed mid-run, then restarted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scaleout.conftest import Database
from tests.scaleout.fleet import FakeChatApi, Ledger, Scheduler, scheduler_env, subscribe_channels, wait_until

pytestmark = pytest.mark.postgres

SUBSCRIPTIONS = 500
BATCH = 10  # MENTOR_DELIVERY_BATCH_SIZE in scheduler_env


def leaders_by_metrics(fleet: list[Scheduler]) -> int:
    """How many live processes report ``mentor_scheduler_leader 1``."""
    found = 0
    for scheduler in fleet:
        if scheduler.process.poll() is None and re.search(r"^mentor_scheduler_leader 1\.0$", scheduler.metrics(), re.M):
            found += 1
    return found


def test_killing_the_leader_mid_run_sends_nothing_twice_and_loses_nothing_silently(
    database: Database, chat_api: FakeChatApi, tmp_path: Path
) -> None:
    channels = subscribe_channels(database.engine, SUBSCRIPTIONS)
    ledger = Ledger(database.engine)
    env = scheduler_env(database.url, chat_api.url, tmp_path)
    fleet = [Scheduler(f"scheduler-{i}", env, tmp_path) for i in range(3)]
    try:
        leader_pid = wait_until(ledger.leader_pid, "a leader")
        [leader] = [s for s in fleet if s.pid == leader_pid]

        # The middle of the run: posts have gone out, and the leader holds a batch it has not recorded yet.
        wait_until(
            lambda: chat_api.total() >= 100 and ledger.claimed_by(leader.pid) > 0, "the leader mid-batch", every=0.005
        )
        leader.kill()
        in_flight = ledger.claimed_by(leader.pid)
        assert 0 < in_flight <= BATCH
        assert chat_api.total() < SUBSCRIPTIONS, "the run should still have been going"

        survivors = {s.pid for s in fleet if s is not leader}
        new_leader = wait_until(lambda: ledger.leader_pid() in survivors, "another process to lead")
        assert new_leader

        restarted = Scheduler("scheduler-restarted", env, tmp_path)
        fleet.append(restarted)
        wait_until(restarted.healthz, "the restarted scheduler to serve /healthz")

        # Every row ends sent, or unconfirmed once the dead leader's claims expire (MENTOR_CLAIM_TIMEOUT_SECONDS).
        wait_until(
            lambda: (states := ledger.states()).total() == SUBSCRIPTIONS and set(states) <= {"sent", "unconfirmed"},
            "every delivery to end sent or unconfirmed",
            timeout=90,
        )
        assert leaders_by_metrics(fleet) == 1
        alive = [s for s in fleet if s is not leader]
        for scheduler in alive:
            scheduler.terminate()
        for scheduler in alive:
            assert scheduler.wait(timeout=30) == 0, scheduler.tail()
    finally:
        for scheduler in fleet:
            scheduler.stop()

    received = chat_api.received()
    rows = ledger.rows()
    print(f"in flight at the kill: {in_flight}; final ledger: {dict(ledger.states())}; posts: {sum(received.values())}")
    sent = {channel for channel, (state, _) in rows.items() if state == "sent"}
    unconfirmed = {channel for channel, (state, _) in rows.items() if state == "unconfirmed"}

    assert max(received.values()) == 1, "a destination received two posts"
    assert sent | unconfirmed == set(channels), "every destination was posted to or is marked unconfirmed"
    assert len(unconfirmed) <= in_flight, "no more unconfirmed than were in flight at the kill"
    assert all(f":{leader.pid}:" in str(rows[channel][1]) for channel in unconfirmed), "only the dead leader's"
    assert all(received[channel] == 1 for channel in sent), "every row marked sent was received"
    assert set(received) - sent <= unconfirmed, "whatever was received and not marked sent is unconfirmed"
