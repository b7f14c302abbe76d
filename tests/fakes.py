"""In-memory fakes of the core's ports, for unit tests that need no database."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.delivery.schedule import Occurrence, Schedule
from bot.messages import Destination, Reply
from bot.ports import (
    AnswerContext,
    CardVotes,
    Delivery,
    DeliveryState,
    DeliveryUpdate,
    Disliked,
    FindResult,
    Gap,
    ItemState,
    PartnerGroup,
    PostedTip,
    Presence,
    Profile,
    QuestionRecord,
    SendOutcome,
    SendResult,
    Signup,
    StoredPlan,
    Struggle,
    TeamMember,
)


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class InMemoryQuestionLog:
    def __init__(self) -> None:
        self.entries: list[QuestionRecord] = []

    def record(self, entry: QuestionRecord) -> int:
        self.entries.append(entry)
        return len(self.entries)

    def find(self, answer_id: int) -> QuestionRecord | None:
        return self.entries[answer_id - 1] if 0 < answer_id <= len(self.entries) else None

    def workspaces(self) -> list[tuple[str, str]]:
        return sorted({(e.platform, e.workspace) for e in self.entries})

    def gaps(
        self,
        *,
        limit: int = 20,
        threshold: float = 0.5,
        workspace: tuple[str, str] | None = None,
        since: datetime | None = None,
    ) -> list[Gap]:
        low = [e for e in self.entries if e.confidence < threshold]
        low = [e for e in low if workspace is None or (e.platform, e.workspace) == workspace]
        low = [e for e in low if since is None or e.asked_at >= since]
        counts = Counter(e.text.strip().lower() for e in low)
        return [Gap(text, n, None, 0.0) for text, n in counts.most_common(limit)]

    def prune(self, before: datetime) -> int:
        kept = [e for e in self.entries if e.asked_at >= before]
        pruned, self.entries = len(self.entries) - len(kept), kept
        return pruned

    def erase_user(self, platform: str, workspace: str, user: str) -> int:
        before = len(self.entries)
        self.entries = [e for e in self.entries if (e.platform, e.workspace, e.user) != (platform, workspace, user)]
        return before - len(self.entries)


class InMemoryPlans:
    def __init__(self) -> None:
        self.plans: dict[str, StoredPlan] = {}
        self.conversations: dict[str, dict[str, Any]] = {}

    def get(self, user_key: str) -> StoredPlan | None:
        return self.plans.get(user_key)

    def save(self, user_key: str, plan: dict[str, Any], created_at: datetime) -> None:
        self.plans[user_key] = StoredPlan(plan, {}, created_at)

    def update(self, user_key: str, plan: dict[str, Any]) -> bool:
        stored = self.plans.get(user_key)
        if stored is None:
            return False
        self.plans[user_key] = replace(stored, plan=plan)
        return True

    def mark(self, user_key: str, topic_id: str, state: str, at: datetime) -> None:
        stored = self.plans[user_key]
        self.plans[user_key] = replace(stored, progress={**stored.progress, topic_id: state})

    def delete(self, user_key: str) -> bool:
        return self.plans.pop(user_key, None) is not None

    def conversation(self, user_key: str) -> dict[str, Any] | None:
        return self.conversations.get(user_key)

    def save_conversation(self, user_key: str, state: dict[str, Any], at: datetime) -> None:
        self.conversations[user_key] = state

    def end_conversation(self, user_key: str) -> None:
        self.conversations.pop(user_key, None)

    def done_times(self, user_key: str) -> list[datetime]:
        stored = self.plans.get(user_key)
        done = [t for t, state in (stored.progress.items() if stored else ()) if state == "done"]
        return [stored.created_at for _ in done] if stored else []


class InMemoryFeedback:
    def __init__(self) -> None:
        self.votes: dict[tuple[int, str, str], tuple[str, int, str | None, datetime]] = {}
        self.contexts: dict[str, AnswerContext] = {}
        self.escalations: set[tuple[int, str, str]] = set()
        self.settings: dict[tuple[str, str, str], str] = {}

    def vote(self, answer_id: int, platform: str, workspace: str, user: str, *, up: bool, at: datetime) -> int:
        wanted = 1 if up else -1
        old = self.votes.get((answer_id, platform, user))
        vote = 0 if old and old[1] == wanted else wanted
        self.votes[(answer_id, platform, user)] = (workspace, vote, old[2] if old else None, at)
        return vote

    def note(self, answer_id: int, platform: str, user: str, text: str, at: datetime) -> bool:
        old = self.votes.get((answer_id, platform, user))
        if old is None:
            return False
        self.votes[(answer_id, platform, user)] = (old[0], old[1], text, at)
        return True

    def last_down(self, platform: str, user: str, since: datetime) -> int | None:
        downs = [(v[3], k[0]) for k, v in self.votes.items() if k[1:] == (platform, user) and v[1] == -1]
        recent = [d for d in downs if d[0] >= since]
        return max(recent)[1] if recent else None

    def disliked(self, platform: str, workspace: str, since: datetime | None, limit: int) -> list[Disliked]:
        return []

    def card_votes(self, platform: str, workspace: str, since: datetime | None) -> list[CardVotes]:
        return []

    def context(self, user_key: str) -> AnswerContext | None:
        return self.contexts.get(user_key)

    def save_context(self, user_key: str, context: AnswerContext) -> None:
        self.contexts[user_key] = context

    def escalate(self, answer_id: int, platform: str, workspace: str, user: str, at: datetime) -> bool:
        key = (answer_id, platform, user)
        first = key not in self.escalations
        self.escalations.add(key)
        return first

    def setting(self, platform: str, workspace: str, name: str) -> str | None:
        return self.settings.get((platform, workspace, name))

    def set_setting(
        self, platform: str, workspace: str, name: str, value: str | None, *, by: str, at: datetime
    ) -> None:
        if value is None:
            self.settings.pop((platform, workspace, name), None)
        else:
            self.settings[(platform, workspace, name)] = value


class InMemoryQuiz:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, ItemState]] = {}
        self.log: list[tuple[str, str, str, datetime]] = []
        self.sessions: dict[str, dict[str, Any]] = {}

    def states(self, user_key: str) -> dict[str, ItemState]:
        return dict(self.items.get(user_key, {}))

    def due(self, user_key: str, now: datetime, limit: int) -> list[ItemState]:
        due = [s for s in self.items.get(user_key, {}).values() if s.due <= now]
        return sorted(due, key=lambda s: (s.due, s.item_id))[:limit]

    def due_counts(self, user_keys: list[str], now: datetime) -> dict[str, int]:
        counts = {key: len(self.due(key, now, 10**9)) for key in user_keys}
        return {key: n for key, n in counts.items() if n}

    def record(self, user_key: str, state: ItemState, grade: str, at: datetime) -> None:
        self.items.setdefault(user_key, {})[state.item_id] = state
        self.log.append((user_key, state.item_id, grade, at))

    def review_times(self, user_key: str) -> list[datetime]:
        return [at for key, _, _, at in self.log if key == user_key]

    def enter(self, user_key: str, states: list[ItemState]) -> int:
        deck = self.items.setdefault(user_key, {})
        fresh = [s for s in states if s.item_id not in deck]
        deck.update({s.item_id: s for s in fresh})
        return len(fresh)

    def session(self, user_key: str) -> dict[str, Any] | None:
        return self.sessions.get(user_key)

    def save_session(self, user_key: str, state: dict[str, Any], at: datetime) -> None:
        self.sessions[user_key] = json.loads(json.dumps(state))

    def end_session(self, user_key: str) -> None:
        self.sessions.pop(user_key, None)


class InMemoryTeam:
    """Team membership, sharing and learning partners over the other in-memory repositories."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.members: dict[tuple[str, str, str], tuple[TeamMember, datetime]] = {}
        self.signups_: dict[tuple[str, str, str], Signup] = {}
        self.rounds: dict[tuple[str, str, datetime], int] = {}
        self.matches: list[dict[str, Any]] = []

    def seen(self, platform: str, workspace: str, user: str, user_key: str, at: datetime) -> None:
        old = self.members.get((platform, workspace, user))
        self.members[(platform, workspace, user)] = (old[0] if old else TeamMember(user, user_key), at)

    def workspaces_of(self, platform: str, user: str) -> list[str]:
        mine = [(at, k[1]) for k, (_, at) in self.members.items() if (k[0], k[2]) == (platform, user)]
        return [workspace for _, workspace in sorted(mine, reverse=True)]

    def member(self, platform: str, workspace: str, user: str) -> TeamMember | None:
        found = self.members.get((platform, workspace, user))
        return found[0] if found else None

    def share(self, platform: str, workspace: str, user: str, name: str | None) -> bool:
        found = self.members.get((platform, workspace, user))
        if found is None:
            return False
        self.members[(platform, workspace, user)] = (replace(found[0], share=name is not None, name=name), found[1])
        return True

    def profiles(self, platform: str, workspace: str, reviews_since: datetime) -> list[Profile]:
        found = []
        for (p, w, _), (member, _) in sorted(self.members.items()):
            if (p, w) != (platform, workspace):
                continue
            stored = self.store.plans.get(member.user_key)
            done = {t: stored.created_at for t, state in stored.progress.items() if state == "done"} if stored else {}
            reviewed = {item.partition("/")[0] for key, item, _, at in self.store.quiz.log
                        if key == member.user_key and at >= reviews_since}  # fmt: skip
            found.append(Profile(member, stored.plan if stored else None, done, frozenset(reviewed)))
        return found

    def struggles(self, platform: str, workspace: str, since: datetime, threshold: float) -> list[Struggle]:
        return [
            Struggle(e.text, e.user, e.topic_id)
            for e in self.store.questions.entries
            if (e.platform, e.workspace) == (platform, workspace) and e.asked_at >= since and e.confidence < threshold
        ]

    def join(self, platform: str, workspace: str, user: str, user_key: str, *, area: str | None, at: datetime) -> None:
        old = self.signups_.get((platform, workspace, user))
        self.signups_[(platform, workspace, user)] = Signup(user, user_key, area, old.joined_at if old else at)

    def leave(self, platform: str, workspace: str, user: str) -> bool:
        return self.signups_.pop((platform, workspace, user), None) is not None

    def snooze(self, platform: str, workspace: str, user: str, until: datetime) -> bool:
        old = self.signups_.get((platform, workspace, user))
        if old is None:
            return False
        self.signups_[(platform, workspace, user)] = replace(old, snoozed_until=until)
        return True

    def signup(self, platform: str, workspace: str, user: str) -> Signup | None:
        return self.signups_.get((platform, workspace, user))

    def signups(self, platform: str, workspace: str) -> list[Signup]:
        return [s for k, s in sorted(self.signups_.items()) if k[:2] == (platform, workspace)]

    def groups(self, platform: str, workspace: str, since: datetime | None = None) -> list[PartnerGroup]:
        found: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for match in self.matches:
            if (match["platform"], match["workspace"]) == (platform, workspace) and (
                since is None or match["at"] >= since
            ):
                found.setdefault((match["round"], match["group"]), []).append(match)
        return [
            PartnerGroup(
                rows[0]["round"],
                rows[0]["at"],
                tuple(sorted(r["user"] for r in rows)),
                tuple((r["user"], r["met"]) for r in rows if r["met"] is not None),
            )
            for _, rows in sorted(found.items())
        ]

    def save_round(
        self,
        platform: str,
        workspace: str,
        occurrence: datetime,
        groups: list[tuple[str, ...]],
        intros: list[Occurrence],
    ) -> bool:
        if (platform, workspace, occurrence) in self.rounds:
            return False
        round_id = self.rounds[(platform, workspace, occurrence)] = len(self.rounds) + 1
        for number, group in enumerate(groups):
            for user in group:
                self.matches.append({"round": round_id, "group": number, "platform": platform,
                                     "workspace": workspace, "user": user, "at": occurrence, "met": None})  # fmt: skip
        self.store.deliveries.add_pending(intros)
        return True

    def met(self, platform: str, user: str, round_id: int, met: bool) -> bool:
        mine = [m for m in self.matches if (m["platform"], m["user"], m["round"]) == (platform, user, round_id)]
        for match in mine:
            match["met"] = met
        return bool(mine)

    def erase(self, platform: str, user: str) -> int:
        before = len(self.members) + len(self.signups_) + len(self.matches)
        self.members = {k: v for k, v in self.members.items() if (k[0], k[2]) != (platform, user)}
        self.signups_ = {k: v for k, v in self.signups_.items() if (k[0], k[2]) != (platform, user)}
        self.matches = [m for m in self.matches if (m["platform"], m["user"]) != (platform, user)]
        return before - len(self.members) - len(self.signups_) - len(self.matches)


class InMemoryPrivacy:
    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    def erase_user(self, platform: str, workspace: str, user: str, user_key: str) -> int:
        erased = self.store.questions.erase_user(platform, workspace, user)
        erased += self.store.plans.delete(user_key)
        self.store.plans.end_conversation(user_key)
        for key in [k for k, s in self.store.schedules.rows.items() if s.destination.key == user_key]:
            del self.store.schedules.rows[key]
            erased += 1
        erased += len(self.store.tips.history.pop(user_key, []))
        erased += len(self.store.quiz.items.pop(user_key, {}))
        self.store.quiz.log = [entry for entry in self.store.quiz.log if entry[0] != user_key]
        self.store.quiz.end_session(user_key)
        feedback = self.store.feedback
        erased += len([k for k in feedback.votes if k[1:] == (platform, user)])
        feedback.votes = {k: v for k, v in feedback.votes.items() if k[1:] != (platform, user)}
        feedback.contexts.pop(user_key, None)
        feedback.escalations = {e for e in feedback.escalations if e[1:] != (platform, user)}
        erased += self.store.team.erase(platform, user)
        return erased

    def export_user(self, platform: str, workspace: str, user: str, user_key: str) -> dict[str, list[dict[str, Any]]]:
        """What the in-memory store holds about the person (questions and plan), enough for the core's tests."""
        questions = [
            {"text": q.text, "asked_at": q.asked_at.isoformat()}
            for q in self.store.questions.entries
            if (q.platform, q.user) == (platform, user)
        ]
        plan = self.store.plans.get(user_key)
        tables = {"question_log": questions, "plans": [{"user_key": user_key}] if plan else []}
        return {name: rows for name, rows in tables.items() if rows}


class InMemoryStore:
    def __init__(self) -> None:
        self._questions = InMemoryQuestionLog()
        self._schedules = InMemorySchedules()
        self._tips = InMemoryTips()
        self._deliveries = InMemoryLedger(self._tips)
        self._plans = InMemoryPlans()
        self._privacy = InMemoryPrivacy(self)
        self._quiz = InMemoryQuiz()
        self._feedback = InMemoryFeedback()
        self._team = InMemoryTeam(self)

    @property
    def questions(self) -> InMemoryQuestionLog:
        return self._questions

    @property
    def schedules(self) -> InMemorySchedules:
        return self._schedules

    @property
    def deliveries(self) -> InMemoryLedger:
        return self._deliveries

    @property
    def tips(self) -> InMemoryTips:
        return self._tips

    @property
    def plans(self) -> InMemoryPlans:
        return self._plans

    @property
    def privacy(self) -> InMemoryPrivacy:
        return self._privacy

    @property
    def quiz(self) -> InMemoryQuiz:
        return self._quiz

    @property
    def feedback(self) -> InMemoryFeedback:
        return self._feedback

    @property
    def team(self) -> InMemoryTeam:
        return self._team


class InMemorySchedules:
    def __init__(self) -> None:
        self.rows: dict[str, Schedule] = {}

    def save(self, schedule: Schedule) -> None:
        self.rows[schedule.key] = schedule

    def remove(self, kind: str, destination: Destination) -> bool:
        return self.rows.pop(f"{kind}:{destination.key}", None) is not None

    def get(self, kind: str, destination: Destination) -> Schedule | None:
        return self.rows.get(f"{kind}:{destination.key}")

    def active(self) -> list[Schedule]:
        return [s for s in self.rows.values() if not s.paused_reason]

    def in_workspace(self, platform: str, workspace: str, kind: str) -> list[Schedule]:
        return [
            s
            for s in self.rows.values()
            if (s.destination.platform, s.destination.workspace, s.kind) == (platform, workspace, kind)
        ]

    def pause(self, kind: str, destination: Destination, reason: str) -> None:
        key = f"{kind}:{destination.key}"
        if key in self.rows:
            self.rows[key] = replace(self.rows[key], paused_reason=reason)

    def pause_workspace(self, platform: str, workspace: str, reason: str) -> int:
        hits = [
            k
            for k, s in self.rows.items()
            if (s.destination.platform, s.destination.workspace) == (platform, workspace)
        ]
        for key in hits:
            self.rows[key] = replace(self.rows[key], paused_reason=reason)
        return len(hits)

    def resume_workspace(self, platform: str, workspace: str, reason: str) -> int:
        hits = [
            k
            for k, s in self.rows.items()
            if (s.destination.platform, s.destination.workspace, s.paused_reason) == (platform, workspace, reason)
        ]
        for key in hits:
            self.rows[key] = replace(self.rows[key], paused_reason=None)
        return len(hits)


class InMemoryLedger:
    """A single-process ledger with the same state rules as the SQL one."""

    def __init__(self, tips: InMemoryTips | None = None) -> None:
        self.tips = tips or InMemoryTips()
        self.rows: dict[int, Delivery] = {}
        self.keys: dict[tuple[str, str, datetime], int] = {}
        self.retry_at: dict[int, datetime] = {}
        self.owners: dict[int, str] = {}

    def add_pending(self, occurrences: list[Occurrence]) -> int:
        new = 0
        for o in occurrences:
            key = (o.schedule.kind, o.schedule.destination.key, o.at)
            if key not in self.keys:
                row_id = len(self.rows) + 1
                self.keys[key] = row_id
                self.rows[row_id] = Delivery(
                    row_id, o.schedule.kind, o.schedule.destination, o.at, DeliveryState.PENDING
                )
                new += 1
        return new

    def claim(self, owner: str, now: datetime, limit: int) -> list[Delivery]:
        ready = [
            d
            for d in self.rows.values()
            if d.state is DeliveryState.PENDING or (d.state is DeliveryState.RETRY and self.retry_at[d.id] <= now)
        ]
        claimed = [replace(d, state=DeliveryState.CLAIMED, claimed_at=now) for d in ready[:limit]]
        for d in claimed:
            self.rows[d.id] = d
            self.owners[d.id] = owner
        return claimed

    def finish(self, owner: str, updates: list[DeliveryUpdate]) -> None:
        for u in updates:
            row = self.rows[u.id]
            if row.state is not DeliveryState.CLAIMED or self.owners.get(u.id) != owner:
                continue
            if u.retry_at:
                self.retry_at[u.id] = u.retry_at
            self.rows[u.id] = replace(
                row, state=u.state, attempts=u.attempts, detail=u.detail, verify_since=u.verify_since
            )

    def settle(
        self, owner: str, updates: list[DeliveryUpdate], tips: list[tuple[str, PostedTip]], now: datetime, claim: int
    ) -> list[Delivery]:
        self.finish(owner, updates)
        self.tips.record(tips, now)
        return self.claim(owner, now, claim) if claim > 0 else []

    def expire_claims(self, now: datetime, older_than: float) -> int:
        stale = [
            d
            for d in self.rows.values()
            if d.state is DeliveryState.CLAIMED and d.claimed_at and (now - d.claimed_at).total_seconds() > older_than
        ]
        for d in stale:
            self.retry_at[d.id] = now
            self.owners.pop(d.id, None)
            self.rows[d.id] = replace(
                d, state=DeliveryState.RETRY, attempts=d.attempts + 1, verify_since=d.verify_since or d.claimed_at
            )
        return len(stale)

    def release(self, owner: str) -> int:
        return 0

    def resend(self, delivery_id: int, platform: str, workspace: str) -> bool:
        row = self.rows.get(delivery_id)
        if row is None or row.state is not DeliveryState.UNCONFIRMED:
            return False
        if (row.destination.platform, row.destination.workspace) != (platform, workspace):
            return False
        self.rows[delivery_id] = replace(row, state=DeliveryState.PENDING, verify_since=None)
        return True

    def resend_all(self, platform: str, workspace: str) -> int:
        return sum(self.resend(row_id, platform, workspace) for row_id in list(self.rows))

    def unconfirmed(self, platform: str, workspace: str) -> int:
        return sum(
            1
            for d in self.rows.values()
            if d.state is DeliveryState.UNCONFIRMED
            and (d.destination.platform, d.destination.workspace) == (platform, workspace)
        )

    def last(self, kind: str, destination: Destination) -> Delivery | None:
        rows = [d for d in self.rows.values() if d.kind == kind and d.destination == destination]
        return max(rows, key=lambda d: (d.occurrence, d.id), default=None)


class InMemoryTips:
    def __init__(self) -> None:
        self.history: dict[str, list[PostedTip]] = {}

    def posted(self, destination_keys: list[str]) -> dict[str, list[PostedTip]]:
        return {k: list(self.history[k]) for k in destination_keys if k in self.history}

    def record(self, entries: list[tuple[str, PostedTip]], at: datetime) -> None:
        for key, tip in entries:
            self.history.setdefault(key, []).append(tip)


class RecordingMessenger:
    """The outbound port's far end, in memory: records every send with its key; can be told to fail.

    ``find`` answers from what was recorded; ``findings`` queues answers to give instead.
    """

    def __init__(self) -> None:
        self.sent: list[tuple[Destination, Reply]] = []
        self.keys: list[str] = []
        self.failures: list[SendResult] = []
        self.findings: list[FindResult] = []
        self.finds: list[str] = []

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        if self.failures:
            failure = self.failures.pop(0)
            if failure.outcome is SendOutcome.UNKNOWN:  # it did arrive; the answer was lost
                self.sent.append((destination, reply))
                self.keys.append(delivery_key)
            return failure
        self.sent.append((destination, reply))
        self.keys.append(delivery_key)
        return SendResult(SendOutcome.DELIVERED)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        self.finds.append(delivery_key)
        if self.findings:
            return self.findings.pop(0)
        return FindResult(Presence.FOUND if delivery_key in self.keys else Presence.ABSENT)


class FakeEncoder:
    """A deterministic stand-in for the sentence encoder: hashed bag of words, so shared words mean similarity."""

    model_id = "fake-bag-of-words-4096"

    def __init__(self) -> None:
        self.encoded = 0  # texts encoded so far

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.encoded += len(texts)
        out = np.zeros((len(texts), 4096), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                out[row, int(hashlib.sha256(word.encode()).hexdigest()[:8], 16) % 4096] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out
