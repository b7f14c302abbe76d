"""Plan commands over the store: the assessment in a DM, the plan, progress, the picture and check-ins."""

from __future__ import annotations

from datetime import datetime, time

from bot.content import Content
from bot.delivery.dispatcher import Composed
from bot.delivery.schedule import Schedule
from bot.digests.arguments import ScheduleArgs, keeping, valid_zone
from bot.grammar import CheckinCommand, MarkTopic, PlanCommand, PlanCommands
from bot.messages import Button, Incoming, Paragraph, Platform, Reply, dm_destination
from bot.plans.assessment import advance, current_prompt, start
from bot.plans.builder import Plan, build_plan
from bot.plans.matching import match_topic
from bot.plans.picture import plan_picture
from bot.plans.render import checkin_reply, plan_reply
from bot.plans.state import AssessmentState, PlanAnswers
from bot.ports import Clock, Delivery, Store, StoredPlan

KIND = "checkin"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def note(text: str, *, buttons: tuple[Button, ...] = ()) -> Reply:
    return Reply(blocks=(Paragraph(text),), buttons=buttons)


def week_number(created_at: datetime, now: datetime) -> int:
    """The calendar week of a plan, counting from 1 on the day it was made."""
    return max(0, (now - created_at).days) // 7 + 1


class PlanCommandsHandler:
    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def in_assessment(self, incoming: Incoming) -> bool:
        return self._in_dm(incoming) and self.store.plans.conversation(self._key(incoming)) is not None

    def handle(self, command: PlanCommands, incoming: Incoming) -> list[Reply] | None:
        """The replies, or None when a `done`/`skip` names nothing in the plan and should be read as a question.

        A plan is personal: asked for in a channel, the answer goes to the person's DM.
        """
        replies = self._handle(command, incoming)
        if replies is None or self._in_dm(incoming) or any(r.to_dm for r in replies):
            return replies
        return [note("I've sent that to your DM: plans stay between us."), *(self._dm(incoming, r) for r in replies)]

    def _handle(self, command: PlanCommands, incoming: Incoming) -> list[Reply] | None:
        match command:
            case PlanCommand("reset"):
                return [self._reset(incoming)]
            case PlanCommand("picture"):
                return [self._picture(incoming)]
            case PlanCommand():
                return self._show(incoming)
            case MarkTopic(state, topic):
                reply = self._mark(incoming, state, topic)
                return [reply] if reply else None
            case CheckinCommand(on, args):
                return [self._checkin(incoming, on, args)]

    def answer(self, incoming: Incoming, text: str) -> list[Reply]:
        """One answer to the assessment in progress."""
        key = self._key(incoming)
        stored = self.store.plans.conversation(key)
        try:
            state = AssessmentState.from_dict(stored or {})
        except ValueError:
            self.store.plans.end_conversation(key)
            return [note("I lost track of your answers, sorry. Type `plan` to start again.")]
        result = advance(state, text, self.content)
        if result.state is None:
            self.store.plans.end_conversation(key)
            return [result.reply]
        if result.finished and result.answers is not None:
            self.store.plans.end_conversation(key)
            return self._create(incoming, result.answers)
        self.store.plans.save_conversation(key, result.state.to_dict(), self.clock.now())
        return [result.reply]

    def _show(self, incoming: Incoming) -> list[Reply]:
        key = self._key(incoming)
        stored = self.store.plans.get(key)
        if stored is not None:
            return [self._plan_reply(stored)]
        conversation = self.store.plans.conversation(key)
        if conversation is not None:
            try:
                return [self._dm(incoming, current_prompt(AssessmentState.from_dict(conversation), self.content))]
            except ValueError:
                self.store.plans.end_conversation(key)
        state, first = start(valid_zone(incoming.timezone))
        self.store.plans.save_conversation(key, state.to_dict(), self.clock.now())
        if self._in_dm(incoming):
            return [first]
        return [note("Let's build your plan in a DM — I've sent you the first question."), self._dm(incoming, first)]

    def _create(self, incoming: Incoming, answers: PlanAnswers) -> list[Reply]:
        plan = build_plan(
            self.content,
            level=answers.level,
            target=answers.target,
            focus=answers.focus,
            known=answers.known,
            hours_per_week=answers.hours_per_week,
        )
        key, now = self._key(incoming), self.clock.now()
        self.store.plans.save(key, plan.to_dict(), now)
        replies = [plan_reply(self.content, plan, {}, 1)]
        if answers.checkin is not None:
            hour, minute = (int(p) for p in answers.checkin.time.split(":"))
            day = DAYS.index(answers.checkin.day)
            schedule = self._schedule(incoming, (day,), time(hour, minute), answers.checkin.timezone)
            self.store.schedules.save(schedule)
            replies.append(
                note(f"I'll check in {schedule.describe()}. Change it with `checkin on …` or `checkin off`.")
            )
        return replies

    def _reset(self, incoming: Incoming) -> Reply:
        key = self._key(incoming)
        removed = self.store.plans.delete(key)
        self.store.plans.end_conversation(key)
        self.store.schedules.remove(KIND, dm_destination(incoming))
        if not removed:
            return note("You have no plan to reset. Type `plan` to make one.")
        return note("Your plan, progress and check-ins are cleared. Type `plan` to build a new one.")

    def _picture(self, incoming: Incoming) -> Reply:
        stored = self.store.plans.get(self._key(incoming))
        if stored is None:
            return note("You have no plan yet. Type `plan` to make one.")
        plan = Plan.from_dict(stored.plan)
        picture = plan_picture(self.content, plan, stored.progress)
        return Reply(heading="Your plan as a roadmap", blocks=(Paragraph(picture.alt_text),), files=(picture,))

    def _mark(self, incoming: Incoming, state: str, text: str) -> Reply | None:
        key = self._key(incoming)
        stored = self.store.plans.get(key)
        if stored is None:
            return None
        plan = Plan.from_dict(stored.plan)
        topic, suggestions = match_topic(self.content, text, plan.topic_ids)
        if topic is None:
            if not suggestions:
                return None
            verb = "done" if state == "done" else "skip"
            buttons = tuple(Button(t.title[:75], f"{verb} {t.id}") for t in suggestions[:3])
            return note("That isn't in your plan. Did you mean one of these?", buttons=buttons)
        self.store.plans.mark(key, topic.id, state, self.clock.now())
        refreshed = self.store.plans.get(key)
        assert refreshed is not None
        word = "Done" if state == "done" else "Skipped"
        reply = self._plan_reply(refreshed)
        return Reply(f"{word}: {topic.title}", reply.blocks, reply.buttons, reply.footer)

    def _checkin(self, incoming: Incoming, on: bool, args: ScheduleArgs) -> Reply:
        destination = dm_destination(incoming)
        if not on:
            removed = self.store.schedules.remove(KIND, destination)
            return note("Check-ins are off." if removed else "You had no check-ins.")
        if self.store.plans.get(self._key(incoming)) is None:
            return note("Check-ins follow a plan. Type `plan` to make one first.")
        args = keeping(args, self.store.schedules.get(KIND, destination))  # what you leave out stays as it was
        schedule = self._schedule(incoming, args.days or (0,), args.at or time(9, 0), args.timezone)
        self.store.schedules.save(schedule)
        return note(f"I'll check in by DM {schedule.describe()}. `checkin off` stops it.")

    def _schedule(self, incoming: Incoming, days: tuple[int, ...], at: time, zone: str | None) -> Schedule:
        return Schedule(
            kind=KIND,
            destination=dm_destination(incoming),
            days=days,
            at=at,
            timezone=zone or valid_zone(incoming.timezone) or "UTC",
            created_at=self.clock.now(),
            created_by=incoming.user,
        )

    def _plan_reply(self, stored: StoredPlan) -> Reply:
        plan = Plan.from_dict(stored.plan)
        return plan_reply(self.content, plan, stored.progress, week_number(stored.created_at, self.clock.now()))

    def _key(self, incoming: Incoming) -> str:
        return dm_destination(incoming).key

    @staticmethod
    def _in_dm(incoming: Incoming) -> bool:
        return incoming.is_dm or incoming.platform == Platform.CONSOLE

    def _dm(self, incoming: Incoming, reply: Reply) -> Reply:
        if self._in_dm(incoming):
            return reply
        return Reply(reply.heading, reply.blocks, reply.buttons, reply.footer, reply.files, True, to_dm=True)


class CheckinComposer:
    """The weekly check-in DM: progress so far and this week's next steps."""

    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        composed = {}
        for delivery in deliveries:
            stored = self.store.plans.get(delivery.destination.key)
            if stored is None:
                continue
            plan = Plan.from_dict(stored.plan)
            now_week = week_number(stored.created_at, self.clock.now())
            composed[delivery.id] = Composed(checkin_reply(self.content, plan, stored.progress, now_week))
        return composed

    def sent(self, items: list[tuple[Delivery, Composed]]) -> None:
        """Nothing to remember: the ledger already records the check-in."""
