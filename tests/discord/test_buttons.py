"""Buttons carry their command in the custom id, so a click works on a client that never sent them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.discord import payloads
from tests.discord.conftest import Clients, RecordingMentor
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import option


@pytest.mark.asyncio
async def test_a_button_sent_before_a_restart_works_after_it(
    clients: Clients, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    before = await clients.start()
    first = payloads.command("topics", option("area", "caching"), id=next(ids))
    before._connection.parse_interaction_create(first)  # type: ignore[arg-type]
    [response] = await fake.wait_for("POST", rf"/interactions/{first['id']}/[^/]+/callback")
    button = response.data["components"][0]["components"][0]
    await before.close()

    after = await clients.start()  # a new process: nothing in memory about the message above
    click = payloads.click(button["custom_id"], button["label"], id=next(ids))
    after._connection.parse_interaction_create(click)  # type: ignore[arg-type]
    [answer] = await fake.wait_for("POST", rf"/interactions/{click['id']}/[^/]+/callback")

    assert button["custom_id"] == f"m:ask {button['label']}"
    clicked = mentor.seen[-1]
    assert (clicked.text, clicked.is_click) == (f"ask {button['label']}", True)
    assert answer.data["embeds"][0]["title"]  # the topic's card
    assert answer.data["flags"] & (1 << 6)  # only the clicker sees it


@pytest.mark.asyncio
async def test_a_button_the_bot_never_issued_still_gets_a_clear_reply(
    clients: Clients, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    client = await clients.start()
    click = payloads.click("m:topics nowhere 999", "Forged", id=next(ids))
    client._connection.parse_interaction_create(click)  # type: ignore[arg-type]
    [answer] = await fake.wait_for("POST", rf"/interactions/{click['id']}/[^/]+/callback")
    assert mentor.seen[-1].text == "topics nowhere 999"
    assert answer.data["embeds"][0]["description"]
