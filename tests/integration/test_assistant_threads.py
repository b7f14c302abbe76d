"""Slack assistant-pane threads on SQLite and PostgreSQL: context, the title once, retention, forget me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from adapters.sql.assistant_threads import AssistantThreads
from adapters.sql.privacy import SqlPrivacy

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
CONTEXT = {"channel_id": "C222", "team_id": "T111", "enterprise_id": "E111"}


def test_a_thread_keeps_its_context_and_is_titled_once(engine: Engine) -> None:
    threads = AssistantThreads(engine)
    threads.started("D111", "1.1", workspace="T111", user="W222", context=CONTEXT, now=NOW)
    assert threads.claim_title("D111", "1.1", NOW) is True
    threads.started("D111", "1.1", workspace="T111", user="W222", context=CONTEXT, now=NOW)  # delivered again
    assert threads.claim_title("D111", "1.1", NOW) is False  # the title stays the first question's
    assert threads.save_context("D111", "1.1", CONTEXT | {"channel_id": "C333"}, NOW) is True
    found = threads.find("D111", "1.1")
    assert found is not None and found.context["channel_id"] == "C333" and found.titled
    assert threads.save_context("D999", "9.9", CONTEXT, NOW) is False and threads.find("D999", "9.9") is None
    assert threads.claim_title("D999", "9.9", NOW) is False  # a DM thread the pane never opened


def test_old_threads_are_pruned_and_forget_me_erases_a_persons_threads(engine: Engine) -> None:
    threads = AssistantThreads(engine)
    threads.started("D1", "1.1", workspace="T1", user="W1", context=CONTEXT, now=NOW - timedelta(days=100))
    threads.started("D1", "2.2", workspace="T1", user="W1", context=CONTEXT, now=NOW)
    threads.started("D2", "3.3", workspace="T1", user="W2", context=CONTEXT, now=NOW)
    assert threads.prune(timedelta(days=90), NOW) == 1
    SqlPrivacy(engine).erase_user("slack", "T1", "W1", "slack:T1:u:W1")
    assert threads.find("D1", "2.2") is None and threads.find("D2", "3.3") is not None
