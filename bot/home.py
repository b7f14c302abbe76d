"""A person's home: their plan, the messages they get, the workspace's channel digests, and how to use the mentor.

One neutral ``Reply`` (a platform with a home surface, such as Slack's App Home, renders it there). Every button
is a grammar command, so a click works like typing it; the adapter shows the home again afterwards.
"""

from __future__ import annotations

from bot.content import Content
from bot.delivery.schedule import Schedule
from bot.digests.arguments import valid_zone
from bot.digests.commands import KIND as DIGEST
from bot.digests.commands import channel_ref
from bot.messages import Block, Bullets, Button, Incoming, Paragraph, Reply, dm_destination
from bot.plans.commands import KIND as CHECKIN
from bot.plans.commands import week_number
from bot.plans.render import plan_reply
from bot.plans.stored import load_plan
from bot.ports import Clock, Store
from bot.quiz.insights import learning_blocks

Section = tuple[list[Block], list[Button]]  # a part of the home: its blocks and its buttons

HEADING = "Backend Mentor"
MAX_CHANNELS = 20  # channel digests listed; `digest status` has them all
MAX_ADMIN_BUTTONS = 10
FOOTER = "Every button here works like typing its command to me in a DM."
HOW_TO = (
    "Ask me anything about backend engineering in a DM, or mention me in a channel.",
    "`topics` browses the 14 areas; `tip` gives you one concept-before-tool tip.",
    "`plan` builds a week-by-week learning plan; `done <topic>` and `skip <topic>` mark its steps.",
    "`help` lists every command.",
)


def home_reply(content: Content, store: Store, clock: Clock, incoming: Incoming, is_admin: bool) -> Reply:
    """The home of the person who sent ``incoming``; ``is_admin`` adds the admin actions on channel digests."""
    sections: tuple[Section, ...] = (
        _plan(content, store, clock, incoming),
        _messages(store, incoming),
        _channels(store, incoming, is_admin),
        ([Paragraph("How to use me"), Bullets(HOW_TO)], [Button("Help", "help"), Button("Browse topics", "topics")]),
    )
    blocks = tuple(block for section_blocks, _ in sections for block in section_blocks)
    buttons = tuple(button for _, section_buttons in sections for button in section_buttons)
    return Reply(heading=HEADING, blocks=blocks, buttons=buttons, footer=FOOTER)


def _plan(content: Content, store: Store, clock: Clock, incoming: Incoming) -> Section:
    key = dm_destination(incoming).key
    stored = store.plans.get(key)
    if stored is None:
        if store.plans.conversation(key) is not None:
            text = "Your plan: the assessment is half done. Continue it in our DM."
            return [Paragraph(text)], [Button("Continue my plan", "plan")]
        text = "Your plan: none yet. A few questions in a DM build a week-by-week plan for your next level."
        return [Paragraph(text)], [Button("Make my plan", "plan")]
    now_week = week_number(stored.created_at, clock.now())
    reply = plan_reply(content, load_plan(content, stored.plan), stored.progress, now_week)
    zone = valid_zone(incoming.timezone) or "UTC"
    learning = learning_blocks(content, store, key, clock.now(), zone)
    return [Paragraph(reply.heading), *reply.blocks, *learning], list(reply.buttons)


def _messages(store: Store, incoming: Incoming) -> Section:
    me = dm_destination(incoming)
    checkin, digest = store.schedules.get(CHECKIN, me), store.schedules.get(DIGEST, me)
    has_plan = store.plans.get(me.key) is not None
    checkin_line = f"Weekly check-in: {_when(checkin)}" if checkin else "Weekly check-in: off"
    if checkin is None and not has_plan:
        checkin_line += " (check-ins follow a plan)"
    lines = (checkin_line, f"Digest by DM: {_when(digest)}" if digest else "Digest by DM: off")
    buttons: list[Button] = []
    if checkin:
        buttons.append(Button("Check-ins off", "checkin off"))
    elif has_plan:
        buttons.append(Button("Check-ins on", "checkin on"))
    buttons.append(Button("DM digest off", "digest me off") if digest else Button("DM digest on", "digest me on"))
    return [Paragraph("Messages I send you"), Bullets(lines)], buttons


def _channels(store: Store, incoming: Incoming, is_admin: bool) -> Section:
    schedules = store.schedules.in_workspace(incoming.platform, incoming.workspace, DIGEST)
    channels = sorted((s for s in schedules if s.destination.channel), key=lambda s: s.destination.channel or "")
    title = Paragraph("Channel digests in this workspace")
    if not channels:
        who = "Subscribe" if is_admin else "A workspace admin can subscribe"
        return [title, Paragraph(f"None yet. {who} a channel with `digest subscribe #channel`.")], []
    lines = [f"{channel_ref(s.destination)}: {_when(s)}" for s in channels[:MAX_CHANNELS]]
    if len(channels) > MAX_CHANNELS:
        lines.append(f"…and {len(channels) - MAX_CHANNELS} more: `digest status` lists them all.")
    if not is_admin:
        return [title, Bullets(tuple(lines))], []
    buttons = [
        Button(f"Stop the digest in {s.destination.channel}", f"digest unsubscribe {channel_ref(s.destination)}")
        for s in channels[:MAX_ADMIN_BUTTONS]
    ]
    return [title, Bullets(tuple(lines))], [*buttons, Button("Digest status", "digest status")]


def _when(schedule: Schedule) -> str:
    paused = f" (paused: {schedule.paused_reason})" if schedule.paused_reason else ""
    return schedule.describe() + paused
