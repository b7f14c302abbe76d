"""Team commands: the skill map, sharing on it, the lead's weekly summary, and turning team features on or off."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time, timedelta

from bot.content import Content
from bot.delivery.schedule import Schedule
from bot.digests.arguments import ScheduleArgs, keeping, valid_zone
from bot.digests.commands import channel_ref
from bot.messages import Bullets, Destination, Incoming, Paragraph, Platform, Reply, is_admin, note
from bot.ports import ChannelAccess, Clock, Store
from bot.team.grammar import TeamHelp, TeamMap, TeamShare, TeamSummary, TeamSwitch
from bot.team.heatmap import heatmap
from bot.team.skillmap import Sharer, SkillMap, build_map
from bot.team.workspace import FEATURES, NO_TEAM, OFF, features_on, team_workspace

SUMMARY = "team-summary"
REVIEW_WINDOW = timedelta(days=28)
ADMIN_ONLY = "Only workspace admins can change that. Ask an admin."
HELP = (
    "`team map` — where the team is strong and thin: areas by level, counts only (groups under 3 stay hidden)",
    "`team share on|off` — show your name and progress on the map (off takes effect at once)",
    "`partners join [area]` / `partners leave` / `partners snooze 2w` — a weekly learning partner",
    "`team summary on [#channel|me] [day] [HH:MM] [zone]` / `team summary off` — admins: the lead's weekly summary",
    "`partners schedule [day] [HH:MM] [zone]` — admins: when partners are paired each week",
    "`team on|off` — admins: team features for this workspace",
)
TeamCommands = TeamHelp | TeamMap | TeamShare | TeamSwitch | TeamSummary


class TeamHandler:
    def __init__(
        self,
        content: Content,
        store: Store,
        clock: Clock,
        admins: frozenset[str],
        channel_access: Mapping[str, ChannelAccess],
    ) -> None:
        self.content = content
        self.store = store
        self.clock = clock
        self.admins = admins
        self.channel_access = channel_access

    def is_admin(self, incoming: Incoming) -> bool:
        return is_admin(incoming, self.admins)

    def handle(self, command: TeamCommands, incoming: Incoming) -> list[Reply]:
        workspace = team_workspace(self.store, incoming)
        if workspace is None:
            return [note(NO_TEAM)]
        if isinstance(command, TeamSwitch):
            return [self._switch(incoming, workspace, command.on)]
        if isinstance(command, TeamShare) and not command.on:
            return [self._share(incoming, workspace, on=False)]  # always possible, even with team features off
        if not features_on(self.store, incoming.platform, workspace):
            return [note(OFF)]
        match command:
            case TeamHelp():
                return [Reply(heading="Team features", blocks=(Bullets(HELP),))]
            case TeamMap():
                return [self.map_reply(incoming.platform, workspace)]
            case TeamShare():
                return [self._share(incoming, workspace, on=True)]
            case TeamSummary(on, to_me, args):
                return [self._summary(incoming, workspace, on, to_me, args)]

    def map_reply(self, platform: str, workspace: str) -> Reply:
        now = self.clock.now()
        skills = build_map(self.content, self.store.team.profiles(platform, workspace, now - REVIEW_WINDOW))
        if skills.members == 0:
            return note("Nobody has used me in this workspace yet, so there is no team map.")
        blocks: list[Paragraph | Bullets] = [Paragraph(map_table(skills))]
        if skills.sharers:
            blocks.append(Paragraph("*Sharing their progress* (`team share on`):"))
            blocks.append(Bullets(tuple(_sharer_line(s) for s in skills.sharers[:25])))
        footer = (
            "Counts of people; a cell of 1 or 2 people is hidden (–) unless each of them shares. People count once "
            "they have used me in this workspace. Reviews: the last 4 weeks."
        )
        return Reply(heading="Team skill map", blocks=tuple(blocks), files=(heatmap(skills),), footer=footer)

    def _switch(self, incoming: Incoming, workspace: str, on: bool) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        now = self.clock.now()
        value = None if on else "off"
        self.store.feedback.set_setting(incoming.platform, workspace, FEATURES, value, by=incoming.user, at=now)
        if on:
            return note("Team features are on: `team map`, sharing, learning partners and the lead's summary.")
        return note(
            "Team features are off for this workspace: no team map, no summaries and no partner pairings until an "
            "admin says `team on`. Nothing was deleted; people can still say `team share off` or `forget me`."
        )

    def _share(self, incoming: Incoming, workspace: str, *, on: bool) -> Reply:
        name = (incoming.display_name or incoming.user) if on else None
        if not self.store.team.share(incoming.platform, workspace, incoming.user, name):
            return note("You haven't used me in this workspace yet, so there is nothing to share.")
        if on:
            return note(
                f"You share as *{name}*: the team map shows your name, level and the areas you learn and finished, "
                "and small groups you are in are no longer hidden because of you. `team share off` stops it at once."
            )
        return note("You no longer share: the team map and summaries show you only inside counts of 3 or more.")

    def _summary(self, incoming: Incoming, workspace: str, on: bool, to_me: bool, args: ScheduleArgs) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        if not on:
            removed = 0
            for schedule in self.store.schedules.in_workspace(incoming.platform, workspace, SUMMARY):
                removed += self.store.schedules.remove(SUMMARY, schedule.destination)
            return note("The weekly team summary is off." if removed else "There was no weekly team summary.")
        in_dm = incoming.is_dm or incoming.platform == Platform.CONSOLE
        if to_me or (in_dm and args.channel is None):
            destination = Destination(incoming.platform, workspace, None, incoming.user)
        else:
            destination = Destination(incoming.platform, workspace, args.channel or incoming.channel)
            access = self.channel_access.get(destination.platform)
            hint = access.can_post(destination) if access else None
            if hint:
                return note(hint)
        args = keeping(args, self.store.schedules.get(SUMMARY, destination))
        schedule = Schedule(
            kind=SUMMARY,
            destination=destination,
            days=args.days[:1] if args.days else (0,),
            at=args.at or time(9, 0),
            timezone=args.timezone or valid_zone(incoming.timezone) or "UTC",
            created_at=self.clock.now(),
            created_by=incoming.user,
        )
        self.store.schedules.save(schedule)
        where = "your DM" if destination.channel is None else channel_ref(destination)
        return note(
            f"The weekly team summary goes to {where} {schedule.describe()}: topics finished, focus areas, questions "
            "I could not answer well and a topic for the next team session — counts only, names only of people who "
            "share. `team summary off` stops it."
        )


def map_table(skills: SkillMap) -> str:
    """The map as a fixed-width table: an area a line with its learning, finished and reviewing counts."""
    lines = [f"{'area':<20}{'learning':>9}{'finished':>9}{'reviewing':>10}"]
    for row in skills.rows:
        cells = (row.learning.text(), row.finished.text(), row.reviewing.text())
        lines.append(f"{row.area:<20}{cells[0]:>9}{cells[1]:>9}{cells[2]:>10}")
    return "```\n" + "\n".join(lines) + "\n```"


def _sharer_line(sharer: Sharer) -> str:
    parts = [sharer.name + (f" ({sharer.level})" if sharer.level else "")]
    if sharer.finished:
        parts.append("finished: " + ", ".join(f"{area} ({n})" for area, n in sharer.finished[:4]))
    if sharer.learning:
        parts.append("learning: " + ", ".join(sharer.learning[:4]))
    return " — ".join(parts)
