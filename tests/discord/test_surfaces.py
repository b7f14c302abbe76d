"""User installs, install contexts and the plan form, through discord.py and the fake REST API (PAYLOADS.md)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from adapters.discord.answer import TOO_LONG
from adapters.discord.client import MentorClient
from adapters.discord.place import USER_INSTALL_FOLLOWUPS
from bot.delivery.schedule import Schedule
from bot.delivery.schedule import next_occurrence as schedule_next
from bot.messages import Destination, Paragraph, Reply
from tests.discord import payloads
from tests.discord.conftest import HANDLER_TASKS, Clients, RecordingMentor
from tests.discord.fake_discord import FakeDiscord, Request
from tests.discord.payloads import label, modal_submit, string_select, text_input
from tests.discord.test_commands import EPHEMERAL, run
from tests.fakes import FixedClock

COMMANDS = rf"/applications/{payloads.APP_ID}/commands"
ME = f"discord:@me:u:{payloads.USER_ID}"
BOT_REST = (r"/channels/\d+/messages", r"/users/@me/channels")  # what a bot user (not a webhook) would call
DM_ANSWERS = ("python", "none", "none", "skip", "skip")  # language, framework, known, quick check, check-in


@pytest.mark.asyncio
async def test_the_synced_command_can_be_installed_anywhere_and_used_everywhere(
    clients: Clients, fake: FakeDiscord
) -> None:
    await clients.start()
    [synced] = fake.matching("PUT", COMMANDS)
    [mentor] = synced.body
    assert sorted(mentor["integration_types"]) == [0, 1]  # GUILD_INSTALL, USER_INSTALL
    assert sorted(mentor["contexts"]) == [0, 1, 2]  # GUILD, BOT_DM, PRIVATE_CHANNEL
    assert "plan-form" in {o["name"] for o in mentor["options"]}


@pytest.mark.asyncio
async def test_a_user_install_in_a_server_without_the_bot_is_answered_through_the_webhook_only(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    response = await run(client, fake, payloads.user_installed(payloads.command("plan", id=next(ids))))
    assert response.body["type"] == 4 and response.data["flags"] & EPHEMERAL
    assert "level" in str(response.data["embeds"]).lower()  # the first question, here and privately
    [incoming] = mentor.seen
    assert incoming.is_dm and not incoming.is_admin and incoming.workspace == payloads.GUILD_ID
    click = payloads.user_installed(payloads.click("m:mid", "Mid", id=next(ids)))
    answer = await run(client, fake, click)
    assert "aiming for" in str(answer.data["embeds"]).lower()  # the assessment goes on where it started
    assert not [r for r in fake.requests if any(_matches(p, r) for p in BOT_REST)]


@pytest.mark.asyncio
async def test_a_user_install_gets_at_most_five_follow_ups(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    mentor.script = [Reply(heading=f"Part {n}", blocks=(Paragraph("x" * 3000),)) for n in range(9)]
    payload = payloads.user_installed(payloads.command("tip", id=next(ids)))
    await run(client, fake, payload)
    await fake.wait_for("POST", rf"/webhooks/{payloads.APP_ID}/{payload['token']}", USER_INSTALL_FOLLOWUPS)
    await clients_settle(client)
    followups = fake.matching("POST", rf"/webhooks/{payloads.APP_ID}/{payload['token']}")
    assert len(followups) == USER_INSTALL_FOLLOWUPS
    assert followups[-1].body["content"] == TOO_LONG
    assert all(f.body["flags"] & EPHEMERAL for f in followups)


@pytest.mark.asyncio
async def test_a_server_install_still_sends_every_part(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    mentor.script = [Reply(heading=f"Part {n}", blocks=(Paragraph("x" * 3000),)) for n in range(9)]
    payload = payloads.command("tip", id=next(ids))
    await run(client, fake, payload)
    await fake.wait_for("POST", rf"/webhooks/{payloads.APP_ID}/{payload['token']}", 8)


@pytest.mark.asyncio
@pytest.mark.parametrize("where", ["dm", "user-installed server"])
async def test_digest_subscribe_outside_a_server_with_the_bot_says_why(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str], where: str
) -> None:
    if where == "dm":
        payload = payloads.dm_command("digest-subscribe", id=next(ids))
    else:
        payload = payloads.user_installed(payloads.command("digest-subscribe", id=next(ids)))
    response = await run(client, fake, payload)
    content = response.data["content"]
    assert "Channel digests" in content and "digest-me" in content
    assert ("isn't here" in content) == (where != "dm")
    assert response.data["flags"] & EPHEMERAL
    assert mentor.seen == []  # the core never saw it


@pytest.mark.asyncio
async def test_the_plan_form_opens_as_a_modal_of_labelled_selects_and_a_text_input(
    client: MentorClient, fake: FakeDiscord, ids: Iterator[str]
) -> None:
    response = await run(client, fake, payloads.command("plan-form", id=next(ids)))
    assert response.body["type"] == 9  # MODAL
    modal = response.data
    assert len(modal["components"]) <= 5 and len(modal["title"]) <= 45
    assert {c["type"] for c in modal["components"]} == {18}  # every field in a Label
    inner = {c["component"]["custom_id"]: c["component"] for c in modal["components"]}
    assert [o["value"] for o in inner["plan-level"]["options"]] == ["junior", "mid", "senior", "staff"]
    focus = inner["plan-focus"]
    assert focus["type"] == 3 and len(focus["options"]) == 14 and focus["max_values"] == 14
    assert inner["plan-hours"]["type"] == 4


@pytest.mark.asyncio
async def test_the_plan_form_builds_the_same_plan_as_the_dm_flow(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    await run(client, fake, payloads.command("plan-form", id=next(ids)))
    submitted = submit_form(
        client, level="mid", target="senior", focus=("databases", "caching"), hours="6", id=next(ids)
    )
    await fake.wait_for("POST", rf"/interactions/{submitted['id']}/[^/]+/callback")
    await dm_flow(client, fake, DM_ANSWERS, ids)
    assert mentor.seen[0].text == "plan answers level mid target senior hours 6 focus databases,caching"
    by_form = stored_plan(mentor)

    await dm_flow(
        client, fake, ("plan reset", "plan", "mid", "senior", "databases, caching", *DM_ANSWERS[:4], "6", "skip"), ids
    )
    assert stored_plan(mentor) == by_form


@pytest.mark.asyncio
async def test_bad_hours_in_the_form_are_refused_and_nothing_is_stored(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    await run(client, fake, payloads.command("plan-form", id=next(ids)))
    submitted = submit_form(client, level="mid", target="senior", focus=(), hours="99", id=next(ids))
    [response] = await fake.wait_for("POST", rf"/interactions/{submitted['id']}/[^/]+/callback")
    await clients_settle(client)
    said = str(response.data) + str([r.body for r in fake.requests if "/channels/" in r.path])
    assert "40 hours a week at most" in said
    assert mentor.store.plans.conversation(ME) is None and mentor.store.plans.get(ME) is None


def submit_form(client: MentorClient, *, level: str, target: str, focus: tuple[str, ...], hours: str, id: str) -> Any:
    payload = modal_submit(
        "mentor-plan-form",
        label(string_select("plan-level", level), 1),
        label(string_select("plan-target", target), 3),
        label(string_select("plan-focus", *focus), 5),
        label(text_input("plan-hours", hours), 7),
        id=id,
    )
    client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
    return payload


async def dm_flow(client: MentorClient, fake: FakeDiscord, answers: tuple[str, ...], ids: Iterator[str]) -> None:
    """Type each answer in the bot's DM, waiting until it is answered before the next (as a person would)."""
    for text in answers:
        client._connection.parse_message_create(payloads.dm_message(text, id=next(ids)))  # type: ignore[arg-type]
        handling = [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message" and not t.done()]
        assert handling, "the DM was not dispatched"
        await asyncio.wait(handling, timeout=10)


def stored_plan(mentor: RecordingMentor) -> dict[str, Any]:
    stored = mentor.store.plans.get(ME)
    assert stored is not None, "no plan was built"
    return dict(stored.plan)


async def clients_settle(client: MentorClient) -> None:
    busy = [t for t in asyncio.all_tasks() if t.get_name().startswith(HANDLER_TASKS) and not t.done()]
    if busy:
        await asyncio.wait(busy, timeout=10)


def _matches(pattern: str, request: Request) -> bool:
    return re.fullmatch(pattern, request.path) is not None


@pytest.mark.asyncio
async def test_check_in_and_digest_times_show_in_the_readers_zone(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    await dm_flow(client, fake, ("plan", "mid", "senior", "all", "none", "none", "skip", "6", "skip"), ids)
    await dm_flow(client, fake, ("checkin on fri 16:00 Europe/Berlin", "digest me on mon 09:00 America/New_York"), ids)
    checkin, digest = (str(m.body["embeds"]) for m in fake.matching("POST", r"/channels/\d+/messages")[-2:])
    friday = next_occurrence(
        mentor.store.schedules.get("checkin", Destination("discord", "@me", user=payloads.USER_ID))
    )
    assert f"<t:{int(friday.timestamp())}:t> your time" in checkin and "fri at 16:00 Europe/Berlin" in checkin
    assert re.search(r"<t:\d+:t> your time", digest) and re.search(r"Next: <t:\d+:F> \(<t:\d+:R>\)", digest)


def next_occurrence(schedule: Schedule | None) -> datetime:
    assert schedule is not None
    upcoming = schedule_next(schedule, FixedClock().now())
    assert upcoming is not None
    return upcoming
