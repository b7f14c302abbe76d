"""What the bot sends by itself for team features, composed when the ledger says it is due.

The weekly pairing and the "did you meet?" check are ticks: their composers write the week's groups (with the intros'
ledger rows, in one transaction) or the questions' ledger rows, and send nothing themselves. The intros and the
questions then go out through the ledger like any other message: once.
"""

from __future__ import annotations

import zlib
from datetime import time, timedelta

from bot.content import LEVELS, Content, Topic
from bot.delivery.dispatcher import Composed
from bot.delivery.schedule import Occurrence, Schedule
from bot.messages import Button, Destination, Paragraph, Platform, Reply
from bot.plans.stored import load_plan
from bot.ports import Clock, Delivery, PartnerGroup, PostedTip, Signup, Store
from bot.team.pairing import Candidate, history, pair_up
from bot.team.partners import ASK_MET, INTRO
from bot.team.summary import QUESTION_THRESHOLD, summary_reply
from bot.team.workspace import features_on

WEEK = timedelta(days=7)


def _once(kind: str, destination: Destination, at: Occurrence | Delivery) -> Occurrence:
    when = at.at if isinstance(at, Occurrence) else at.occurrence
    return Occurrence(Schedule(kind, destination, (), time(0), "UTC", when), when)


class _Tick:
    """A composer whose deliveries only trigger work; nothing is posted for them."""

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """Nothing is sent for a tick."""
        return []


class PairingComposer(_Tick):
    def __init__(self, content: Content, store: Store) -> None:
        self.content = content
        self.store = store

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        for delivery in deliveries:
            platform, workspace = delivery.destination.platform, delivery.destination.workspace
            if features_on(self.store, platform, workspace):
                self.pair(platform, workspace, delivery)
        return {}

    def pair(self, platform: str, workspace: str, delivery: Delivery) -> bool:
        """Pair this week's people and store the groups with their intros; False when already paired (a retry)."""
        ready = [
            s
            for s in self.store.team.signups(platform, workspace)
            if s.snoozed_until is None or s.snoozed_until <= delivery.occurrence
        ]
        met = history([g.members for g in self.store.team.groups(platform, workspace)])
        seed = zlib.crc32(f"{platform}:{workspace}:{delivery.occurrence.isoformat()}".encode())
        groups = pair_up([self._candidate(s) for s in ready], met, seed)
        intros = []
        for group in groups:
            if platform == Platform.SLACK:  # one group DM for the pair or trio
                intros.append(_once(INTRO, Destination(platform, workspace, None, ",".join(group)), delivery))
            else:  # Discord: no group DMs for bots, so each person's DM
                intros += [_once(INTRO, Destination(platform, workspace, None, user), delivery) for user in group]
        return self.store.team.save_round(platform, workspace, delivery.occurrence, groups, intros)

    def _candidate(self, signup: Signup) -> Candidate:
        stored = self.store.plans.get(signup.user_key)
        level, area = None, signup.area
        if stored is not None:
            try:
                plan = load_plan(self.content, stored.plan)
            except ValueError:
                plan = None
            if plan is not None:
                level = LEVELS.index(plan.level) if plan.level in LEVELS else None
                area = area or (plan.focus[0] if plan.focus else None)
        return Candidate(signup.user, area, level)


class IntroComposer:
    """The intro of a week's pair or trio: who, a topic from their plans to learn together and an exercise."""

    def __init__(self, content: Content, store: Store) -> None:
        self.content = content
        self.store = store

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        composed = {}
        for delivery in deliveries:
            destination = delivery.destination
            group = _group_of(self.store, delivery, (destination.user or "").split(","))
            if group is not None:
                composed[delivery.id] = Composed(self._intro(destination, group))
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """The ledger records the intro."""
        return []

    def _intro(self, destination: Destination, group: PartnerGroup) -> Reply:
        signups = {s.user: s for s in self.store.team.signups(destination.platform, destination.workspace)}
        topic = suggest(self.content, self.store, [signups[u].user_key for u in group.members if u in signups])
        if destination.platform == Platform.SLACK:
            who = "This group DM is you and your learning partner" + ("s" if len(group.members) > 2 else "")
            who += " for the week: say hello and pick a time for 30 minutes together."
        else:
            others = [u for u in group.members if u != destination.user]
            who = f"This week you're paired with {' and '.join(f'<@{u}>' for u in others)}: send them a message and "
            who += "pick a time for 30 minutes together."
        blocks = [Paragraph(who)]
        if topic is not None:
            blocks.append(Paragraph(f"*Suggested topic:* {topic.title} — {_first_sentence(topic.summary)}"))
            blocks.append(Paragraph(f"*Exercise to do together:* {topic.practice}"))
        return Reply(
            heading="Your learning partners this week",
            blocks=tuple(blocks),
            buttons=(Button("Ask the mentor about it", f"ask {topic.title}"),) if topic else (),
            footer="`partners snooze 2w` skips a couple of weeks; `partners leave` stops pairings.",
            private=False,
        )


class CheckComposer(_Tick):
    """Days after a pairing: a "did you meet?" question for each person of the latest round."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        for delivery in deliveries:
            platform, workspace = delivery.destination.platform, delivery.destination.workspace
            if not features_on(self.store, platform, workspace):
                continue
            groups = _latest_round(self.store, platform, workspace, delivery)
            asks = [
                _once(ASK_MET, Destination(platform, workspace, None, user), delivery)
                for group in groups
                for user in group.members
                if user not in dict(group.met)
            ]
            self.store.deliveries.add_pending(asks)
        return {}


class MetComposer:
    def __init__(self, store: Store) -> None:
        self.store = store

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        composed = {}
        for delivery in deliveries:
            user = delivery.destination.user or ""
            platform, workspace = delivery.destination.platform, delivery.destination.workspace
            group = next(
                (g for g in _latest_round(self.store, platform, workspace, delivery) if user in g.members), None
            )
            if group is None or user in dict(group.met):
                continue
            reply = Reply(
                heading="Did you meet your learning partner?",
                blocks=(Paragraph("A quick yes or no helps the team see whether partners work here."),),
                buttons=(
                    Button("Yes, we met", f"partners met {group.round_id} yes"),
                    Button("Not this time", f"partners met {group.round_id} no"),
                ),
            )
            composed[delivery.id] = Composed(reply)
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """The ledger records the question."""
        return []


class SummaryComposer:
    """The lead's weekly summary of the destination's workspace (only that workspace's people and questions)."""

    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        composed = {}
        for delivery in deliveries:
            platform, workspace = delivery.destination.platform, delivery.destination.workspace
            if not features_on(self.store, platform, workspace):
                continue
            since = delivery.occurrence - WEEK
            team = self.store.team
            reply = summary_reply(
                self.content,
                team.profiles(platform, workspace, since),
                team.struggles(platform, workspace, since, QUESTION_THRESHOLD),
                [g for g in team.groups(platform, workspace, since - WEEK) if g.occurrence < delivery.occurrence],
                since,
            )
            composed[delivery.id] = Composed(reply)
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """The ledger records the summary."""
        return []


def _group_of(store: Store, delivery: Delivery, users: list[str]) -> PartnerGroup | None:
    platform, workspace = delivery.destination.platform, delivery.destination.workspace
    for group in store.team.groups(platform, workspace, delivery.occurrence):
        if group.occurrence == delivery.occurrence and all(u in group.members for u in users):
            return group
    return None


def _latest_round(store: Store, platform: str, workspace: str, delivery: Delivery) -> list[PartnerGroup]:
    """The groups of the last round before this delivery, within a week."""
    recent = [
        g
        for g in store.team.groups(platform, workspace, delivery.occurrence - WEEK)
        if g.occurrence < delivery.occurrence
    ]
    if not recent:
        return []
    last = max(g.occurrence for g in recent)
    return [g for g in recent if g.occurrence == last]


def suggest(content: Content, store: Store, user_keys: list[str]) -> Topic | None:
    """A topic for the group: one somebody finished that another still has ahead (they can explain it), else one
    all of them have ahead, else the first one ahead of anyone."""
    ahead: list[list[str]] = []
    finished: set[str] = set()
    for key in user_keys:
        stored = store.plans.get(key)
        if stored is None:
            continue
        try:
            plan = load_plan(content, stored.plan)
        except ValueError:
            continue
        finished |= {t for t, state in stored.progress.items() if state == "done"}
        ahead.append([t for t in plan.topic_ids if t not in stored.progress])
    for pending in ahead:
        for topic_id in pending:
            if topic_id in finished and (topic := content.topic(topic_id)) is not None:
                return topic
    shared = set.intersection(*(set(p) for p in ahead)) if ahead else set()
    for pending in ahead:
        for topic_id in pending:
            if (topic_id in shared or len(ahead) == 1) and (topic := content.topic(topic_id)) is not None:
                return topic
    return next((t for pending in ahead for i in pending[:1] if (t := content.topic(i)) is not None), None)


def _first_sentence(text: str) -> str:
    sentence = text.strip().split(". ")[0].rstrip(".")
    return sentence[:240] + "."
