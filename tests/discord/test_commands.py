"""``/mentor`` subcommands through discord.py's own parsing, answered over the fake REST API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.discord import client as client_module
from adapters.discord.client import MentorClient
from bot.messages import Bullets, FileAttachment, Paragraph, Reply
from tests.discord import payloads
from tests.discord.conftest import RecordingMentor
from tests.discord.fake_discord import FakeDiscord, Request
from tests.discord.payloads import ADMIN_PERMISSIONS, CHANNEL_ID, MEMBER_PERMISSIONS, USER_ID, option

EPHEMERAL = 1 << 6
NO_PINGS = {"parse": []}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


async def run(client: MentorClient, fake: FakeDiscord, payload: dict[str, object]) -> Request:
    """Deliver an interaction as the gateway would; return the interaction's response."""
    client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
    [response] = await fake.wait_for("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    return response


@pytest.mark.asyncio
async def test_ask_with_an_option_answers_privately_with_an_embed_and_buttons(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    response = await run(client, fake, payloads.command("ask", option("question", "what is caching"), id=next(ids)))

    assert response.body["type"] == 4  # a message, straight away
    message = response.data
    assert message["flags"] & EPHEMERAL
    assert "Caching" in message["embeds"][0]["title"]
    assert message["embeds"][0]["description"]
    buttons = [b for row in message["components"] for b in row["components"]]
    assert buttons and all(b["custom_id"].startswith("m:") and len(b["custom_id"]) <= 100 for b in buttons)
    [incoming] = mentor.seen
    assert incoming.text == "ask what is caching"
    assert (incoming.platform, incoming.workspace, incoming.channel) == ("discord", payloads.GUILD_ID, CHANNEL_ID)
    assert (incoming.user, incoming.is_dm, incoming.timezone, incoming.is_click) == (USER_ID, False, None, False)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("sub", "options", "text"),
    [
        ("tip", [], "tip"),
        ("topics", [option("area", "distributed-systems")], "topics distributed-systems"),
        ("topics", [], "topics"),
        ("plan", [], "plan"),
        ("plan-picture", [], "plan picture"),
        ("done", [option("topic", "Redis")], "done Redis"),
        ("skip", [option("topic", "Kubernetes")], "skip Kubernetes"),
        ("checkin", [option("on", True, 5), option("day", "thu"), option("time", "09:30")], "checkin on thu 09:30"),
        ("checkin", [option("on", True, 5), option("timezone", "Europe/Berlin")], "checkin on Europe/Berlin"),
        ("checkin", [option("on", False, 5), option("day", "thu")], "checkin off"),
        (
            "digest-subscribe",
            [option("channel", "41771983423143937", 7), option("days", "mon,thu"), option("time", "08:00")],
            "digest subscribe <#41771983423143937> mon,thu 08:00",
        ),
        ("digest-subscribe", [option("timezone", "America/New_York")], "digest subscribe America/New_York"),
        ("digest-unsubscribe", [], "digest unsubscribe"),
        ("digest-status", [], "digest status"),
        ("digest-preview", [], "digest preview"),
        ("digest-now", [], "digest now"),
        ("digest-me", [option("on", True, 5)], "digest me on"),
        ("digest-me", [option("on", False, 5)], "digest me off"),
        ("forget", [], "forget me"),
    ],
)
async def test_every_subcommand_reaches_the_core_as_its_grammar_text(
    *,
    client: MentorClient,
    fake: FakeDiscord,
    mentor: RecordingMentor,
    ids: Iterator[str],
    sub: str,
    options: list[dict[str, object]],
    text: str,
) -> None:
    payload = payloads.command(sub, *options, id=next(ids))
    if sub == "digest-subscribe" and options and options[0]["name"] == "channel":
        channel = {**payloads.text_channel("41771983423143937"), "name": "learning", "permissions": "0"}
        payload["data"]["resolved"] = {"channels": {"41771983423143937": channel}}  # type: ignore[index]
    await run(client, fake, payload)
    assert [i.text for i in mentor.seen] == [text]


@pytest.mark.asyncio
async def test_autocomplete_offers_topic_titles_and_time_zones(
    client: MentorClient, fake: FakeDiscord, ids: Iterator[str]
) -> None:
    topics = await run(client, fake, payloads.autocomplete("ask", "question", "redi", id=next(ids)))
    assert topics.body["type"] == 8
    names = [c["name"] for c in topics.data["choices"]]
    assert names and all("redis" in n.lower() for n in names[:1])

    zones = await run(client, fake, payloads.autocomplete("checkin", "timezone", "berl", id=next(ids)))
    assert [c["value"] for c in zones.data["choices"]] == ["Europe/Berlin"]

    done = await run(client, fake, payloads.autocomplete("done", "topic", "kube", id=next(ids)))
    assert any("Kubernetes" in c["name"] for c in done.data["choices"])
    assert len(done.data["choices"]) <= 25


@pytest.mark.asyncio
async def test_everyone_in_a_question_never_pings(client: MentorClient, fake: FakeDiscord, ids: Iterator[str]) -> None:
    question = "@everyone <@&539082325061836999> what is caching"
    response = await run(client, fake, payloads.command("ask", option("question", question), id=next(ids)))
    assert response.data["allowed_mentions"] == NO_PINGS


@pytest.mark.asyncio
async def test_the_admin_flag_is_the_manage_server_permission(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    await run(client, fake, payloads.command("digest-now", permissions=ADMIN_PERMISSIONS, id=next(ids)))
    await run(client, fake, payloads.command("digest-now", permissions=MEMBER_PERMISSIONS, id=next(ids)))
    assert [i.is_admin for i in mentor.seen] == [True, False]


@pytest.mark.asyncio
async def test_a_command_in_the_bots_dm_is_answered_there_and_is_not_admin(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    response = await run(client, fake, payloads.dm_command("ask", option("question", "what is a queue"), id=next(ids)))
    assert not response.data.get("flags", 0) & EPHEMERAL  # only the user is in their DM anyway
    [incoming] = mentor.seen
    assert (incoming.is_dm, incoming.workspace, incoming.is_admin) == (True, "@me", False)


@pytest.mark.asyncio
async def test_a_public_reply_is_posted_for_everyone(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    issue = Reply(heading="This week: caching", blocks=(Paragraph("Cache what is read often."),), private=False)
    mentor.script = [issue]
    response = await run(client, fake, payloads.command("digest-now", permissions=ADMIN_PERMISSIONS, id=next(ids)))
    assert not response.data.get("flags", 0) & EPHEMERAL
    assert response.data["embeds"][0]["title"] == "This week: caching"


@pytest.mark.asyncio
async def test_a_slow_answer_is_deferred_then_followed_up(
    client: MentorClient,
    fake: FakeDiscord,
    mentor: RecordingMentor,
    ids: Iterator[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(client_module, "DEFER_AFTER", 0.05)
    mentor.delay = 0.3
    mentor.script = [
        Reply(heading="Posted for all", blocks=(Paragraph("the issue"),), private=False),
        Reply(heading="Only for you", blocks=(Paragraph("a note"),)),
    ]
    payload = payloads.command("digest-now", permissions=ADMIN_PERMISSIONS, id=next(ids))
    deferral = await run(client, fake, payload)
    assert deferral.body["type"] == 5 and deferral.data["flags"] & EPHEMERAL  # "thinking…", only for the asker

    webhook = rf"/webhooks/{payloads.APP_ID}/{payload['token']}"
    public, private = await fake.wait_for("POST", webhook, count=2)
    [placeholder] = fake.matching("PATCH", webhook + "/messages/@original")
    assert placeholder.body["content"] == "Posted in this channel."  # the private placeholder, closed
    assert public.body["embeds"][0]["title"] == "Posted for all" and not public.body.get("flags", 0) & EPHEMERAL
    assert private.body["embeds"][0]["title"] == "Only for you" and private.body["flags"] & EPHEMERAL


@pytest.mark.asyncio
async def test_a_reply_for_the_dm_goes_there_with_a_private_note_here(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    mentor.script = [Reply(heading="Your plan", blocks=(Bullets(("Week 1: SQL",)),), to_dm=True)]
    response = await run(client, fake, payloads.command("plan", id=next(ids)))

    [opened] = fake.matching("POST", r"/users/@me/channels")
    assert str(opened.body["recipient_id"]) == payloads.USER_ID
    [sent] = await fake.wait_for("POST", r"/channels/\d+/messages")
    assert sent.body["embeds"][0]["title"] == "Your plan"
    assert response.data["flags"] & EPHEMERAL and "DM" in response.data["content"]


@pytest.mark.asyncio
async def test_files_are_attachments_shown_in_the_embed(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    mentor.script = [Reply(heading="Your plan", files=(FileAttachment("plan.png", PNG, "Your plan as a roadmap"),))]
    response = await run(client, fake, payloads.command("plan-picture", id=next(ids)))
    assert response.files == ["plan.png"]
    assert response.data["attachments"][0]["description"] == "Your plan as a roadmap"
    assert response.data["embeds"][0]["image"]["url"] == "attachment://plan.png"


@pytest.mark.asyncio
async def test_an_interaction_delivered_twice_is_answered_once(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    payload = payloads.command("tip", id=next(ids))
    await run(client, fake, payload)
    client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
    await run(client, fake, payloads.command("tip", id=next(ids)))  # a later one still gets through
    assert len(fake.matching("POST", rf"/interactions/{payload['id']}/[^/]+/callback")) == 1
    assert len(mentor.seen) == 2
