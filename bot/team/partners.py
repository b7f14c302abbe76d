"""Learning-partner commands: join, leave, snooze, status, the admin's weekly schedule and "did you meet?"."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.schedule import DAY_NAMES, Schedule, next_occurrence
from bot.digests.arguments import ScheduleArgs, keeping, valid_zone
from bot.messages import Destination, Incoming, Reply, dm_destination, is_admin, note
from bot.ports import Clock, Store
from bot.team.grammar import Partners, PartnersMet, PartnersSchedule
from bot.team.workspace import NO_TEAM, OFF, features_on, team_workspace

PAIRING = "partners"  # the weekly tick that pairs people
CHECK = "partners-check"  # the tick, days later, that asks "did you meet?"
INTRO = "partner-intro"
ASK_MET = "partner-met"
TICK = "~team"  # the channel of a workspace-wide tick: nothing is ever posted there
CHECK_AFTER_DAYS = 3
ADMIN_ONLY = "Only workspace admins can set when partners are paired. Ask an admin."
PartnerCommands = Partners | PartnersSchedule | PartnersMet


def tick(platform: str, workspace: str) -> Destination:
    return Destination(platform, workspace, TICK)


class PartnersHandler:
    def __init__(self, store: Store, clock: Clock, admins: frozenset[str]) -> None:
        self.store = store
        self.clock = clock
        self.admins = admins

    def handle(self, command: PartnerCommands, incoming: Incoming) -> list[Reply]:
        if isinstance(command, PartnersMet):
            return [self._met(incoming, command.round_id, command.met)]
        workspace = team_workspace(self.store, incoming)
        if workspace is None:
            return [note(NO_TEAM)]
        if isinstance(command, Partners) and command.action == "leave":
            return [self._leave(incoming, workspace)]  # always possible, even with team features off
        if not features_on(self.store, incoming.platform, workspace):
            return [note(OFF)]
        match command:
            case PartnersSchedule(on, args):
                return [self._schedule(incoming, workspace, on, args)]
            case Partners("join", area):
                return [self._join(incoming, workspace, area)]
            case Partners("snooze", _, weeks):
                return [self._snooze(incoming, workspace, weeks)]
            case _:
                return [self._status(incoming, workspace)]

    def _join(self, incoming: Incoming, workspace: str, area: str | None) -> Reply:
        now = self.clock.now()
        key = dm_destination(incoming).key
        self.store.team.join(incoming.platform, workspace, incoming.user, key, area=area, at=now)
        focus = f" on {area}" if area else " (on your plan's focus area, when you have one)"
        return note(
            f"You're in learning partners{focus}. Each week I pair you with someone learning the same things, a "
            "step ahead or behind you, and suggest a topic and an exercise from your plans. "
            f"{self._when(incoming, workspace)} `partners snooze 2w` skips weeks; `partners leave` stops."
        )

    def _leave(self, incoming: Incoming, workspace: str) -> Reply:
        if self.store.team.leave(incoming.platform, workspace, incoming.user):
            return note("You left learning partners: no more pairings. `partners join` brings you back.")
        return note("You weren't in learning partners. `partners join [area]` signs you up.")

    def _snooze(self, incoming: Incoming, workspace: str, weeks: int) -> Reply:
        until = self.clock.now() + timedelta(weeks=weeks)
        if not self.store.team.snooze(incoming.platform, workspace, incoming.user, until):
            return note("You aren't in learning partners. `partners join [area]` signs you up.")
        return note(f"Snoozed: no pairing until {until:%a %d %b}. `partners join` ends the snooze early.")

    def _status(self, incoming: Incoming, workspace: str) -> Reply:
        signup = self.store.team.signup(incoming.platform, workspace, incoming.user)
        if signup is None:
            return note(
                "Learning partners: each week two people learning the same area (one a step ahead) get an intro, with "
                f"a topic and an exercise from their plans. {self._when(incoming, workspace)} "
                "`partners join [area]` to take part."
            )
        area = f" on {signup.area}" if signup.area else ""
        snoozed = ""
        if signup.snoozed_until and signup.snoozed_until > self.clock.now():
            snoozed = f" Snoozed until {signup.snoozed_until:%a %d %b}."
        return note(f"You're in learning partners{area}.{snoozed} {self._when(incoming, workspace)}")

    def _when(self, incoming: Incoming, workspace: str) -> str:
        schedule = self.store.schedules.get(PAIRING, tick(incoming.platform, workspace))
        if schedule is None or schedule.paused_reason:
            return "No pairing day is set yet: an admin sets it with `partners schedule [day] [HH:MM] [zone]`."
        upcoming = next_occurrence(schedule, self.clock.now())
        if upcoming is None:
            return ""
        local: datetime = upcoming.astimezone(ZoneInfo(schedule.timezone))
        return f"Next pairing: {local:%a %d %b %H:%M} ({schedule.timezone})."

    def _schedule(self, incoming: Incoming, workspace: str, on: bool, args: ScheduleArgs) -> Reply:
        if not is_admin(incoming, self.admins):
            return note(ADMIN_ONLY)
        pairing, check = tick(incoming.platform, workspace), tick(incoming.platform, workspace)
        if not on:
            removed = self.store.schedules.remove(PAIRING, pairing)
            self.store.schedules.remove(CHECK, check)
            return note("Weekly pairing is off." if removed else "Weekly pairing wasn't scheduled.")
        args = keeping(args, self.store.schedules.get(PAIRING, pairing))
        day = args.days[0] if args.days else 0
        at, now = args.at or time(10, 0), self.clock.now()
        zone = args.timezone or valid_zone(incoming.timezone) or "UTC"
        self.store.schedules.save(Schedule(PAIRING, pairing, (day,), at, zone, now, created_by=incoming.user))
        check_day = (day + CHECK_AFTER_DAYS) % 7
        self.store.schedules.save(Schedule(CHECK, check, (check_day,), at, zone, now, created_by=incoming.user))
        return note(
            f"Learning partners are paired every {DAY_NAMES[day]} at {at:%H:%M} {zone}; on {DAY_NAMES[check_day]} "
            "each person is asked whether they met. `partners schedule off` stops it."
        )

    def _met(self, incoming: Incoming, round_id: int, met: bool) -> Reply:
        if not self.store.team.met(incoming.platform, incoming.user, round_id, met):
            return note("That pairing is no longer on record.")
        if met:
            return note("Great — noted. Pairing again next week.")
        return note("Noted, thanks. Next week's pairing is a fresh chance.")
