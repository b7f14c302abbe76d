"""Plan commands over the store: the assessment in a DM, the plan, progress, the picture and check-ins."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from bot.content import Content
from bot.delivery.dispatcher import Composed
from bot.delivery.schedule import Schedule
from bot.digests.arguments import ScheduleArgs, keeping, valid_zone
from bot.grammar import CheckinCommand, MarkTopic, PlanCommand, PlanCommands, PlanPreset
from bot.messages import Button, Incoming, Paragraph, Platform, Reply, dm_destination, note
from bot.plans.assessment import advance, current_prompt, preset, reads_as_question, start
from bot.plans.builder import MAX_HOURS, MIN_HOURS, Plan, build_plan
from bot.plans.matching import match_topic
from bot.plans.overview import all_weeks_reply, progress_reply
from bot.plans.parsing import AnswerError
from bot.plans.picture import plan_pictures
from bot.plans.prompts import question_number, where_it_stands
from bot.plans.render import checkin_reply, plan_reply
from bot.plans.state import AssessmentState, PlanAnswers
from bot.plans.stored import load_plan, repack
from bot.ports import Clock, Delivery, PostedTip, Store, StoredPlan
from bot.quiz.insights import learning_blocks

KIND = "checkin"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


REVIEW_OFFER = note(
    "Steps you mark `done` join your quiz deck. Want a DM when reviews are due? (Off unless you ask.)",
    buttons=(Button("Remind me of reviews", "review on"), Button("Quiz me now", "quiz")),
)


def week_number(created_at: datetime, now: datetime) -> int:
    """The calendar week of a plan, counting from 1 on the day it was made."""
    return max(0, (now - created_at).days) // 7 + 1


class PlanCommandsHandler:
    def __init__(self, content: Content, store: Store, clock: Clock) -> None:
        self.content = content
        self.store = store
        self.clock = clock

    def in_assessment(self, incoming: Incoming) -> bool:
        """A live (not expired) assessment in the person's DM: their messages are answers to it."""
        state = self._conversation(incoming) if self._in_dm(incoming) else None
        return state is not None and not state.expired(self.clock.now())

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
            case PlanCommand("resume"):
                return [self._resume(incoming)]
            case PlanCommand("restart"):
                return self._restart(incoming)
            case PlanCommand("all" | "progress" | "focus only" | "hours"):
                return [self._with_plan(incoming, command)]
            case PlanCommand():
                return self._show(incoming)
            case PlanPreset():
                return [self._preset(incoming, command)]
            case MarkTopic(state, topic):
                reply = self._mark(incoming, state, topic)
                return [reply] if reply else None
            case CheckinCommand(on, args):
                return [self._checkin(incoming, on, args)]

    def answer(self, incoming: Incoming, text: str) -> list[Reply] | None:
        """One answer to the assessment in progress; ``None`` when the text is a question to answer instead."""
        key = self._key(incoming)
        stored = self.store.plans.conversation(key)
        try:
            state = AssessmentState.from_dict(stored or {})
        except ValueError:
            self.store.plans.end_conversation(key)
            return [note("I lost track of your answers, sorry. Type `plan` to start again.")]
        result = advance(state, text, self.content)
        if reads_as_question(state, text, result):
            return None
        if result.state is None:
            self.store.plans.end_conversation(key)
            return [result.reply]
        if result.finished and result.answers is not None:
            self.store.plans.end_conversation(key)
            return self._create(incoming, result.answers)
        self._save_conversation(key, result.state)
        return [result.reply]

    def current(self, incoming: Incoming) -> Reply | None:
        """The person's plan with this week's next steps, or None when they have no plan."""
        stored = self.store.plans.get(self._key(incoming))
        return self._plan_reply(stored) if stored is not None else None

    def where_it_stands(self, incoming: Incoming) -> Reply:
        """The one line shown after a question answered mid-assessment."""
        state = self._conversation(incoming)
        text = where_it_stands(state) if state else "Type `plan` to build your plan."
        buttons = (Button("Show the question", "plan"), Button("Cancel", "cancel"))
        return Reply(blocks=(Paragraph(text),), buttons=buttons)

    def _show(self, incoming: Incoming) -> list[Reply]:
        key = self._key(incoming)
        stored = self.store.plans.get(key)
        if stored is not None:
            return [self._plan_reply(stored, key, valid_zone(incoming.timezone))]
        state = self._conversation(incoming)
        if state is not None and state.expired(self.clock.now()):
            return [self._dm(incoming, self._offer_resume(state))]
        if state is not None:
            self._save_conversation(key, state)
            return [self._dm(incoming, current_prompt(state, self.content))]
        return self._start(incoming)

    def _start(self, incoming: Incoming) -> list[Reply]:
        state, first = start(valid_zone(incoming.timezone))
        self._save_conversation(self._key(incoming), state)
        if self._in_dm(incoming):
            return [first]
        return [note("Let's build your plan in a DM — I've sent you the first question."), self._dm(incoming, first)]

    def _preset(self, incoming: Incoming, command: PlanPreset) -> Reply:
        """The first answers at once (a form); the assessment goes on from the main language, as in the DM."""
        key = self._key(incoming)
        if self.store.plans.get(key) is not None:
            return note("You already have a plan. `plan reset` clears it (and its progress) so you can start over.")
        try:
            state, reply = preset(command, valid_zone(incoming.timezone), self.content)
        except AnswerError as problem:
            return note(f"{problem} Nothing was saved: fill in the form again, or type `plan` to answer step by step.")
        self._save_conversation(key, state)
        return reply

    def _offer_resume(self, state: AssessmentState) -> Reply:
        since = f" on {state.updated_at:%b %d}" if state.updated_at else ""
        text = (
            f"You started building a plan{since} and stopped at question {question_number(state)}. "
            "Pick up where you left off, or start over?"
        )
        return note(text, buttons=(Button("Resume", "plan resume"), Button("Start over", "plan restart")))

    def _resume(self, incoming: Incoming) -> Reply:
        state = self._conversation(incoming)
        if state is None:
            return self._show(incoming)[-1]
        self._save_conversation(self._key(incoming), state)
        return self._dm(incoming, current_prompt(state, self.content))

    def _restart(self, incoming: Incoming) -> list[Reply]:
        if self.store.plans.get(self._key(incoming)) is not None:
            return [note("You already have a plan. `plan reset` clears it (and its progress) so you can start over.")]
        self.store.plans.end_conversation(self._key(incoming))
        return self._start(incoming)

    def _conversation(self, incoming: Incoming) -> AssessmentState | None:
        stored = self.store.plans.conversation(self._key(incoming))
        if stored is None:
            return None
        try:
            return AssessmentState.from_dict(stored)
        except ValueError:
            self.store.plans.end_conversation(self._key(incoming))
            return None

    def _save_conversation(self, key: str, state: AssessmentState) -> None:
        now = self.clock.now()
        self.store.plans.save_conversation(key, replace(state, updated_at=now).to_dict(), now)

    def _create(self, incoming: Incoming, answers: PlanAnswers) -> list[Reply]:
        plan = build_plan(
            self.content,
            level=answers.level,
            target=answers.target,
            focus=answers.focus,
            known=answers.known,
            hours_per_week=answers.hours_per_week,
            stack=answers.stack,
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
                note(
                    f"I'll check in {schedule.describe_for(incoming.platform, now)}. "
                    "Change it with `checkin on …` or `checkin off`."
                )
            )
        replies.append(REVIEW_OFFER)
        return replies

    def _with_plan(self, incoming: Incoming, command: PlanCommand) -> Reply:
        stored = self.store.plans.get(self._key(incoming))
        if stored is None:
            return note("You have no plan yet. Type `plan` to make one.")
        plan = load_plan(self.content, stored.plan)
        now_week = week_number(stored.created_at, self.clock.now())
        match command.action:
            case "all":
                return all_weeks_reply(self.content, plan, stored.progress, command.number or 1)
            case "progress":
                reply = progress_reply(self.content, plan, stored.progress, now_week)
                return self._with_learning(reply, self._key(incoming), valid_zone(incoming.timezone))
            case "focus only":
                return self._focus_only(incoming, stored, plan)
            case _:
                return self._hours(incoming, stored, plan, command.number)

    def _focus_only(self, incoming: Incoming, stored: StoredPlan, plan: Plan) -> Reply:
        if not plan.focus:
            return note("Your plan covers all areas, so there is nothing to trim. `plan hours <n>` changes the pace.")
        if plan.focus_only:
            return note("Your plan already keeps to your focus areas.")
        known = tuple(t for t in plan.skipped_known if self.content.topic(t) is not None)
        trimmed = build_plan(
            self.content,
            level=plan.level,
            target=plan.target,
            focus=plan.focus,
            known=known,
            hours_per_week=plan.hours_per_week,
            stack=plan.stack,
            focus_only=True,
        )
        weeks = f"{len(trimmed.weeks)} weeks instead of {len(plan.weeks)}"
        return self._replace(incoming, trimmed, f"Trimmed to your focus areas: {weeks}")

    def _hours(self, incoming: Incoming, stored: StoredPlan, plan: Plan, hours: int) -> Reply:
        if not MIN_HOURS <= hours <= MAX_HOURS:
            return note(f"Hours a week must be a whole number from {MIN_HOURS} to {MAX_HOURS}, e.g. `plan hours 8`.")
        repacked = repack(self.content, plan, hours)
        weeks = f"{len(repacked.weeks)} weeks instead of {len(plan.weeks)}"
        return self._replace(incoming, repacked, f"Now {hours} h a week: {weeks}")

    def _replace(self, incoming: Incoming, plan: Plan, heading: str) -> Reply:
        """Store the changed plan, keeping its start date and every done and skipped step."""
        key = self._key(incoming)
        self.store.plans.update(key, plan.to_dict())
        refreshed = self.store.plans.get(key)
        assert refreshed is not None
        reply = self._plan_reply(refreshed)
        return replace(reply, heading=heading)

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
        plan = load_plan(self.content, stored.plan)
        pictures = plan_pictures(self.content, plan, stored.progress)
        text = pictures[0].alt_text if len(pictures) == 1 else f"{pictures[0].alt_text} In {len(pictures)} pictures."
        return Reply(heading="Your plan as a roadmap", blocks=(Paragraph(text),), files=tuple(pictures))

    def _mark(self, incoming: Incoming, state: str, text: str) -> Reply | None:
        key = self._key(incoming)
        stored = self.store.plans.get(key)
        if stored is None:
            return None
        plan = load_plan(self.content, stored.plan)
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
        when = schedule.describe_for(incoming.platform, self.clock.now())
        return note(f"I'll check in by DM {when}. `checkin off` stops it.")

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

    def _plan_reply(self, stored: StoredPlan, key: str | None = None, zone: str | None = None) -> Reply:
        plan = load_plan(self.content, stored.plan)
        if key is not None and stored.plan.get("version") != plan.to_dict()["version"]:
            self.store.plans.update(key, plan.to_dict())  # an older version, rebuilt: store it in today's form
        reply = plan_reply(self.content, plan, stored.progress, week_number(stored.created_at, self.clock.now()))
        return self._with_learning(reply, key, zone)

    def _with_learning(self, reply: Reply, key: str | None, zone: str | None) -> Reply:
        """The person's streak, plan topics worth a second look and reviews due, under their plan or progress."""
        if key is None:
            return reply
        blocks = learning_blocks(self.content, self.store, key, self.clock.now(), zone or "UTC")
        return replace(reply, blocks=(*reply.blocks, *blocks))

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
            plan = load_plan(self.content, stored.plan)
            now_week = week_number(stored.created_at, self.clock.now())
            composed[delivery.id] = Composed(checkin_reply(self.content, plan, stored.progress, now_week))
        return composed

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """Nothing to remember: the ledger already records the check-in."""
        return []
