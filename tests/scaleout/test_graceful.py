"""SIGTERM: a scheduler stops taking work, leaves no claim behind, and hands leadership over at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.scaleout.conftest import Database
from tests.scaleout.fleet import FakeChatApi, Ledger, Scheduler, scheduler_env, subscribe_channels, wait_until

pytestmark = pytest.mark.postgres

SUBSCRIPTIONS = 300
GRACE = 10.0


def test_a_sigtermed_leader_strands_no_claim_and_another_leads(
    database: Database, chat_api: FakeChatApi, tmp_path: Path
) -> None:
    channels = subscribe_channels(database.engine, SUBSCRIPTIONS)
    ledger = Ledger(database.engine)
    # Claims never expire during this test: whatever the stopped process held must be finished or given back.
    env = scheduler_env(
        database.url,
        chat_api.url,
        tmp_path,
        MENTOR_CLAIM_TIMEOUT_SECONDS="3600",
        MENTOR_SHUTDOWN_GRACE_SECONDS=str(GRACE),
    )
    fleet = [Scheduler(f"scheduler-{i}", env, tmp_path) for i in range(2)]
    try:
        leader_pid = wait_until(ledger.leader_pid, "a leader")
        [leader] = [s for s in fleet if s.pid == leader_pid]
        [other] = [s for s in fleet if s is not leader]
        wait_until(
            lambda: chat_api.total() >= 50 and ledger.claimed_by(leader.pid) > 0, "the leader mid-batch", every=0.005
        )

        began = time.monotonic()
        leader.terminate()
        assert leader.wait(timeout=GRACE + 20) == 0, leader.tail()
        assert time.monotonic() - began < GRACE + 5
        assert ledger.claimed_by(leader.pid) == 0, "a claim was stranded"

        wait_until(lambda: ledger.leader_pid() == other.pid, "the other scheduler to lead", timeout=30)
        wait_until(lambda: ledger.states() == {"sent": SUBSCRIPTIONS}, "every delivery sent", timeout=60)
        other.terminate()
        assert other.wait(timeout=GRACE + 20) == 0, other.tail()
    finally:
        for scheduler in fleet:
            scheduler.stop()

    received = chat_api.received()
    assert set(received) == set(channels)
    assert max(received.values()) == 1
    assert "leadership given up" in leader.log.read_text()
