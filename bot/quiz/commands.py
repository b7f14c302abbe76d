"""Quiz commands over the store: rounds of recall-first questions, self-grades scheduled by FSRS, reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from typing import Any

from bot.content import Content
from bot.delivery.dispatcher import Composed
from bot.delivery.schedule import Schedule
from bot.digests.arguments import ScheduleArgs, valid_zone
from bot.grammar import area_id
from bot.messages import Button, Incoming, Paragraph, Reply, dm_destination, note
from bot.plans.matching import match_topic
from bot.ports import Clock, Delivery, PostedTip, Store
from bot.quiz.deck import SECONDS_PER_ITEM, plan_topics, review_queue, scoped_queue, sync_plan
from bot.quiz.grammar import Quiz, QuizCommand, QuizStep, Review, ReviewReminder
from bot.quiz.items import QuizItem, find_item
from bot.quiz.practice import grade_item
from bot.quiz.streaks import streak

KIND = "review"
GRADE_LABELS = (("Again", "again"), ("Hard", "hard"), ("Good", "good"), ("Easy", "easy"))
GONE = "That question is no longer open (already answered, or the quiz ended). Type `quiz` to start a new round."


def when(due: datetime, now: datetime) -> str:
    days = (due - now).total_seconds() / 86400
    if days < 1:
        return "later today"
    if days < 1.5:
        return "tomorrow"
    return f"in {round(days)} days ({due:%a %d %b})"


class QuizCommandsHandler:
    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def handle(self, command: QuizCommand, incoming: Incoming) -> list[Reply] | None:
        """The replies, or None when the words were not a quiz command after all (answer them as a question)."""
        key = dm_destination(incoming).key
        if isinstance(command, Quiz | Review):
            sync_plan(self.content, self.store, key, self.clock.now())
        match command:
            case Quiz(target):
                return self._start(key, target)
            case Review():
                return self._begin(key, review_queue(self.store, key, self.clock.now()), "reviews")
            case ReviewReminder(on, args):
                return [self._reminder(incoming, on, args)]
            case QuizStep("stop"):
                return [self._stop(key)]
            case QuizStep(action, item_id, value):
                return self._step(key, action, item_id, value)
        return None

    def plan_changed(self, incoming: Incoming) -> None:
        """A plan step was marked done: its topic's items join the deck."""
        sync_plan(self.content, self.store, dm_destination(incoming).key, self.clock.now())

    # -- starting a round -------------------------------------------------------------------------------------
    def _start(self, key: str, target: str | None) -> list[Reply] | None:
        now = self.clock.now()
        if target is None:
            queue = review_queue(self.store, key, now)
            if not queue:
                _, planned = plan_topics(self.store, key)
                queue = scoped_queue(self.content, self.store, key, planned, now=now)
            if not queue:
                return [self._pick_area()]
            return self._begin(key, queue, "your plan and reviews")
        area = area_id(target)
        if area is not None:
            topics = [t.id for t in self.content.area_topics(area)]
            label = next(a.title for a in self.content.areas if a.id == area)
        else:
            topic, _ = match_topic(self.content, target)
            if topic is None:
                return None
            topics, label = [topic.id], topic.title
        queue = scoped_queue(self.content, self.store, key, topics, now=now)
        if not queue:
            return [note(f"I have no quiz questions on {label} yet. Try `quiz <area>`, e.g. `quiz databases`.")]
        return self._begin(key, queue, label)

    def _pick_area(self) -> Reply:
        areas = ("databases", "apis", "security", "caching", "distributed-systems", "devops")
        return note(
            "Nothing is due for review. Pick an area for a round of new questions, or make a `plan` first:",
            buttons=tuple(Button(a.replace("-", " ").capitalize(), f"quiz {a}") for a in areas),
        )

    def _begin(self, key: str, queue: list[str], scope: str) -> list[Reply]:
        if not queue:
            return [self._nothing_due(key)]
        state = {"queue": queue, "index": 0, "stage": "question", "scope": scope, "graded": 0}
        self.store.quiz.save_session(key, state, self.clock.now())
        return [self._question(state)]

    def _nothing_due(self, key: str) -> Reply:
        states = self.store.quiz.states(key)
        upcoming = min((s.due for s in states.values()), default=None)
        later = f" The next one is due {when(upcoming, self.clock.now())}." if upcoming else ""
        return note(f"Nothing is due for review.{later} `quiz <topic or area>` asks new questions.")

    # -- one item -------------------------------------------------------------------------------------------
    def _question(self, state: dict[str, Any]) -> Reply:
        item = self._item(state["queue"][state["index"]])
        topic = self.content.topic(item.topic_id)
        heading = f"Quiz · {topic.title if topic else item.topic_id} · {state['index'] + 1} of {len(state['queue'])}"
        if item.kind == "myth":
            return Reply(
                heading=heading,
                blocks=(Paragraph(f"True or false? {item.question}"),),
                buttons=(Button("True", f"quiz tf true {item.id}"), Button("False", f"quiz tf false {item.id}")),
            )
        return Reply(
            heading=heading,
            blocks=(Paragraph(item.question), Paragraph("Think of your answer first, then look.")),
            buttons=(
                Button("Show answer", f"quiz show {item.id}"),
                Button("Skip", f"quiz skip {item.id}"),
                Button("Stop", "quiz stop"),
            ),
        )

    def _item(self, item_id: str) -> QuizItem:
        item = find_item(self.content, item_id)
        if item is None:  # the card changed under a running quiz
            raise LookupError(item_id)
        return item

    def _step(self, key: str, action: str, item_id: str, value: str) -> list[Reply]:
        state = self.store.quiz.session(key)
        if state is None or state["queue"][state["index"]] != item_id or find_item(self.content, item_id) is None:
            return [note(GONE)]
        item = self._item(item_id)
        if action == "show" and state["stage"] == "question" and item.kind == "check":
            state["stage"] = "answer"
            self.store.quiz.save_session(key, state, self.clock.now())
            return [self._answer(item)]
        if action == "grade" and state["stage"] == "answer":
            return self._graded(key, state, item, value, "")
        if action == "tf" and state["stage"] == "question" and item.kind == "myth":
            right = value == "false"
            verdict = "Right: that is a myth." if right else "Not quite: that is a myth."
            return self._graded(key, state, item, "good" if right else "again", f"{verdict} {item.answer}")
        if action == "skip" and state["stage"] == "question":
            return self._advance(key, state, [])
        return [note(GONE)]

    def _answer(self, item: QuizItem) -> Reply:
        return Reply(
            heading="Model answer",
            blocks=(Paragraph(item.answer), Paragraph("How well did you recall it?")),
            buttons=tuple(Button(label, f"quiz grade {grade} {item.id}") for label, grade in GRADE_LABELS),
        )

    def _graded(self, key: str, state: dict[str, Any], item: QuizItem, grade: str, verdict: str) -> list[Reply]:
        now = self.clock.now()
        due = grade_item(self.store, key, item, grade, now).due
        state["graded"] += 1
        text = f"{verdict} Next review {when(due, now)}." if verdict else f"Next review {when(due, now)}."
        return self._advance(key, state, [note(text.strip())])

    def _advance(self, key: str, state: dict[str, Any], replies: list[Reply]) -> list[Reply]:
        state["index"] += 1
        state["stage"] = "question"
        if state["index"] >= len(state["queue"]):
            self.store.quiz.end_session(key)
            return [*replies, self._summary(key, state["graded"])]
        self.store.quiz.save_session(key, state, self.clock.now())
        return [*replies, self._question(state)]

    def _stop(self, key: str) -> Reply:
        state = self.store.quiz.session(key)
        self.store.quiz.end_session(key)
        if state is None:
            return note("No quiz is running. Type `quiz` to start one.")
        return self._summary(key, state["graded"])

    def _summary(self, key: str, graded: int) -> Reply:
        now = self.clock.now()
        left = self.store.quiz.due_counts([key], now).get(key, 0)
        more = f" {left} more due." if left else ""
        return note(
            f"Round over: {graded} reviewed.{more} {self.streak_line(key)}",
            buttons=(Button("Another round", "quiz"),) if left else (),
        )

    def streak_line(self, key: str, zone: str = "UTC") -> str:
        activity = self.store.quiz.review_times(key) + self.store.plans.done_times(key)
        return streak(activity, self.clock.now(), zone).describe()

    # -- reminders ----------------------------------------------------------------------------------------
    def _reminder(self, incoming: Incoming, on: bool, args: ScheduleArgs) -> Reply:
        destination = dm_destination(incoming)
        if not on:
            removed = self.store.schedules.remove(KIND, destination)
            return note("Review reminders are off." if removed else "You had no review reminders.")
        old = self.store.schedules.get(KIND, destination)
        schedule = Schedule(
            kind=KIND,
            destination=destination,
            days=args.days or (old.days if old else (0, 1, 2, 3, 4, 5, 6)),
            at=args.at or (old.at if old else time(9, 0)),
            timezone=args.timezone or (old.timezone if old else valid_zone(incoming.timezone) or "UTC"),
            created_at=self.clock.now(),
            created_by=incoming.user,
        )
        self.store.schedules.save(replace(schedule, created_at=old.created_at) if old else schedule)
        return note(
            f"I'll DM you {schedule.describe()} when reviews are due (never when nothing is). `review off` stops it."
        )


class ReviewComposer:
    """The review reminder DM: how many items are due and a Start button; nothing when none are due."""

    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        composed = {}
        now = self.clock.now()
        counts = self.store.quiz.due_counts([d.destination.key for d in deliveries], now)
        for delivery in deliveries:
            count = counts.get(delivery.destination.key, 0)
            if count == 0:
                continue
            minutes = max(1, round(count * SECONDS_PER_ITEM / 60))
            noun = "review" if count == 1 else "reviews"
            composed[delivery.id] = Composed(
                Reply(
                    blocks=(Paragraph(f"{count} {noun} due, about {minutes} minute{'s' * (minutes != 1)}."),),
                    buttons=(Button("Start", "review"),),
                    footer="Stop these with `review off`.",
                )
            )
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """Nothing to remember: the ledger records the reminder, and the due items stay due until reviewed."""
        return []
