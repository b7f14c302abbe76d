"""👍 / 👎 on Discord: every answer carries two vote buttons; a click is stored once and a second one toggles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from adapters.bootstrap import App
from tests.discord import payloads
from tests.discord.conftest import Clients, RecordingMentor
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import option


@pytest.mark.asyncio
async def test_an_answer_has_vote_buttons_and_a_click_is_stored_then_toggled(
    clients: Clients, fake: FakeDiscord, mentor: RecordingMentor, app: App, ids: Iterator[str]
) -> None:
    client = await clients.start()
    ask = payloads.command("ask", option("question", "what is caching"), id=next(ids))
    client._connection.parse_interaction_create(ask)  # type: ignore[arg-type]
    [response] = await fake.wait_for("POST", rf"/interactions/{ask['id']}/[^/]+/callback")
    buttons = [b for row in response.data["components"] for b in row["components"]]
    up = next(b for b in buttons if b["label"] == "👍")
    assert next(b for b in buttons if b["label"] == "👎")["custom_id"].startswith("m:vote down ")

    answer_id = int(up["custom_id"].rsplit(" ", 1)[1])
    user = mentor.seen[-1].user
    for expected in (1, 0):  # the second click takes the vote back
        click = payloads.click(up["custom_id"], up["label"], id=next(ids))
        client._connection.parse_interaction_create(click)  # type: ignore[arg-type]
        await fake.wait_for("POST", rf"/interactions/{click['id']}/[^/]+/callback")
        with app.store.engine.connect() as connection:
            votes = (
                connection.execute(
                    text("SELECT vote FROM answer_votes WHERE answer_id = :a AND user_id = :u"),
                    {"a": answer_id, "u": user},
                )
                .scalars()
                .all()
            )
        assert votes == [expected]
