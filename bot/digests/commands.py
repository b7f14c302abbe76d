"""The digest commands: subscribe, unsubscribe, status, preview, now, me on/off, resend, and `tip`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.content import Content
from bot.delivery.schedule import Schedule, next_occurrence, zone_problem
from bot.digests.arguments import ScheduleArgs, keeping, valid_zone
from bot.digests.composer import DigestComposer
from bot.grammar import (
    DigestCommand,
    DigestMe,
    DigestNow,
    DigestPreview,
    DigestResend,
    DigestStatus,
    DigestSubscribe,
    DigestUnsubscribe,
)
from bot.messages import Bullets, Button, Destination, Incoming, Platform, Reply, dm_destination, is_admin, note
from bot.ports import ChannelAccess, Clock, DeliveryState, Store

KIND = "digest"
DEFAULT_DAYS = (0,)
DEFAULT_TIME = time(9, 0)
START_DM = "Get one every week by DM with `digest me on`."
ADMIN_ONLY = (
    "Only workspace admins can change channel digests. Ask an admin, or use `digest me on` to get the digest by DM."
)


class DigestCommands:
    def __init__(
        self,
        content: Content,
        store: Store,
        clock: Clock,
        admins: frozenset[str] = frozenset(),
        channel_access: Mapping[str, ChannelAccess] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.admins = admins
        self.channel_access = dict(channel_access or {})
        self.composer = DigestComposer(content, store, clock)

    def is_admin(self, incoming: Incoming) -> bool:
        return is_admin(incoming, self.admins)

    def handle(self, command: DigestCommand, incoming: Incoming) -> Reply:
        match command:
            case DigestSubscribe(args):
                return self._subscribe(args, incoming)
            case DigestUnsubscribe(channel):
                return self._unsubscribe(channel, incoming)
            case DigestStatus():
                return self._status(incoming)
            case DigestPreview():
                destination = self._here(incoming)
                reply, _ = self.composer.next_issue(destination, private=True)
                return self._dm_footer(reply, destination)
            case DigestNow():
                return self._now(incoming)
            case DigestMe(on, args):
                return self._me(on, args, incoming)
            case DigestResend(delivery_id):
                return self._resend(delivery_id, incoming)

    def tip(self, incoming: Incoming) -> Reply:
        """One tip on demand, privately, preferring one this person has not seen; it counts as seen."""
        destination = dm_destination(incoming)
        reply, posted = self.composer.next_issue(destination, private=True)
        self.composer.record(destination, posted)
        return self._dm_footer(reply, destination)

    def _dm_footer(self, reply: Reply, destination: Destination) -> Reply:
        """A tip shown in a DM says how to stop the DM digest only when one is on; otherwise how to start it."""
        if destination.channel is not None or self.store.schedules.get(KIND, destination) is not None:
            return reply
        return replace(reply, footer=START_DM)

    def _here(self, incoming: Incoming) -> Destination:
        if incoming.is_dm and incoming.platform != Platform.CONSOLE:
            return dm_destination(incoming)
        return Destination(incoming.platform, incoming.workspace, incoming.channel)

    def _channel(self, channel: str | None, incoming: Incoming) -> Destination | Reply:
        if channel is None and incoming.is_dm and incoming.platform != Platform.CONSOLE:
            return note(
                "This is a DM: name a channel (`digest subscribe #channel`) or use `digest me on` for yourself."
            )
        return Destination(incoming.platform, incoming.workspace, channel or incoming.channel)

    def _subscribe(self, args: ScheduleArgs, incoming: Incoming) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        destination = self._channel(args.channel, incoming)
        if isinstance(destination, Reply):
            return destination
        access = self.channel_access.get(destination.platform)
        hint = access.can_post(destination) if access else None
        if hint:
            return note(hint)
        schedule = self._schedule(args, destination, incoming)
        self.store.schedules.save(schedule)
        return note(
            f"Subscribed {channel_ref(destination)} to the weekly digest: {self._when(schedule, incoming)}. "
            f"Next issue: {self._next(schedule, incoming.platform)}. Stop it with `digest unsubscribe`."
        )

    def _unsubscribe(self, channel: str | None, incoming: Incoming) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        destination = self._channel(channel, incoming)
        if isinstance(destination, Reply):
            return destination
        if self.store.schedules.remove(KIND, destination):
            return note(f"{channel_ref(destination)} is unsubscribed. Its tip history is kept, so tips won't repeat.")
        return note(f"{channel_ref(destination)} has no digest subscription.")

    def _me(self, on: bool, args: ScheduleArgs, incoming: Incoming) -> Reply:
        destination = dm_destination(incoming)
        if not on:
            removed = self.store.schedules.remove(KIND, destination)
            return note("Your DM digest is off." if removed else "You had no DM digest.")
        schedule = self._schedule(args, destination, incoming)
        self.store.schedules.save(schedule)
        when = schedule.describe_for(incoming.platform, self.clock.now())
        return note(f"You'll get the digest by DM {when}. Next: {self._next(schedule, incoming.platform)}.")

    def _now(self, incoming: Incoming) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        destination = self._here(incoming)
        reply, posted = self.composer.next_issue(destination)
        self.composer.record(destination, posted)
        return reply

    def _status(self, incoming: Incoming) -> Reply:
        schedules = self.store.schedules.in_workspace(incoming.platform, incoming.workspace, KIND)
        channels = [s for s in schedules if s.destination.channel]
        unconfirmed = self.store.deliveries.unconfirmed(incoming.platform, incoming.workspace)
        if not channels and not unconfirmed:
            return note("No channel in this workspace is subscribed. An admin can run `digest subscribe here`.")
        admin = self.is_admin(incoming)
        lines, buttons = [], []
        for schedule in channels:
            last = self.store.deliveries.last(KIND, schedule.destination)
            state = (
                "paused: " + schedule.paused_reason
                if schedule.paused_reason
                else f"next {self._next(schedule, incoming.platform)}"
            )
            line = f"{channel_ref(schedule.destination)}: {self._when(schedule, incoming)} — {state}"
            if last:
                line += f"; last {last.state.value} ({last.occurrence:%a %d %b %H:%M} UTC)"
                if last.state is DeliveryState.UNCONFIRMED:
                    line += f": {last.detail or 'no word from the platform'}"
                    if admin:
                        label = f"Resend to {schedule.destination.channel}"[:75]
                        buttons.append(Button(label, f"digest resend {last.id}"))
            lines.append(line)
        if unconfirmed:
            lines.append(
                f"{unconfirmed} delivery(ies) in this workspace are unconfirmed: they may have arrived, and the "
                "platform could not be asked. An admin can resend them all with `digest resend all`."
            )
            if admin:
                buttons = [Button(f"Resend all {unconfirmed} unconfirmed"[:75], "digest resend all"), *buttons]
        return Reply(heading="Digest subscriptions", blocks=(Bullets(tuple(lines)),), buttons=tuple(buttons[:5]))

    def _resend(self, delivery_id: int | None, incoming: Incoming) -> Reply:
        if not self.is_admin(incoming):
            return note(ADMIN_ONLY)
        if delivery_id is None:
            count = self.store.deliveries.resend_all(incoming.platform, incoming.workspace)
            if count:
                return note(f"Queued {count} unconfirmed delivery(ies) for resending; they go out within a minute.")
            return note("Nothing in this workspace is unconfirmed.")
        if self.store.deliveries.resend(delivery_id, incoming.platform, incoming.workspace):
            return note("Queued for resending; it goes out within a minute.")
        return note("That delivery can't be resent: it was already sent, or it isn't an unconfirmed one.")

    def _schedule(self, args: ScheduleArgs, destination: Destination, incoming: Incoming) -> Schedule:
        """The schedule ``args`` ask for; what they leave out stays as it was, else the defaults."""
        args = keeping(args, self.store.schedules.get(KIND, destination))
        return Schedule(
            kind=KIND,
            destination=destination,
            days=args.days or DEFAULT_DAYS,
            at=args.at or DEFAULT_TIME,
            timezone=args.timezone or valid_zone(incoming.timezone) or "UTC",
            created_at=self.clock.now(),
            created_by=incoming.user,
        )

    def _when(self, schedule: Schedule, incoming: Incoming) -> str:
        return schedule.describe_for(incoming.platform, self.clock.now())

    def _next(self, schedule: Schedule, platform: str = "") -> str:
        """The next issue's date and time; on Discord in each reader's own zone (``<t:UNIX:F>``)."""
        problem = zone_problem(schedule.timezone)
        if problem:
            return f"none: {problem}"
        upcoming = next_occurrence(schedule, self.clock.now())
        if upcoming is None:
            return "never"
        if platform == Platform.DISCORD:
            unix = int(upcoming.timestamp())
            return f"<t:{unix}:F> (<t:{unix}:R>)"
        local: datetime = upcoming.astimezone(ZoneInfo(schedule.timezone))
        return f"{local:%a %d %b %H:%M} ({schedule.timezone})"


def channel_ref(destination: Destination) -> str:
    """A channel as chat platforms link it (``<#C123>``, which pings nobody); plain on the console."""
    if destination.platform == Platform.CONSOLE:
        return f"#{destination.channel}"
    return f"<#{destination.channel}>"
