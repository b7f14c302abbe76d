"""The Discord translation under hostile text: limits hold, commands survive, nothing can ping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord import command_text
from adapters.discord.answer import message_kwargs
from adapters.discord.incoming import strip_mention
from adapters.discord.render import (
    CUSTOM_ID_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    LABEL_MAX,
    TITLE_MAX,
    command_of,
    custom_id_for,
    render,
)
from bot.grammar import parse
from bot.messages import Bullets, Button, Paragraph, Reply
from tests.hostile.strategies import hostile_text

replies = st.builds(
    Reply,
    heading=hostile_text,
    blocks=st.lists(
        st.one_of(st.builds(Paragraph, hostile_text), st.builds(Bullets, st.lists(hostile_text).map(tuple)))
    ).map(tuple),
    buttons=st.lists(st.builds(Button, hostile_text, hostile_text.map(lambda t: t[:90])), max_size=30).map(tuple),
    footer=hostile_text,
)
options = st.one_of(st.none(), hostile_text)


@settings(max_examples=200, deadline=None)
@given(reply=replies)
def test_any_reply_renders_within_discord_limits_and_never_pings(reply: Reply) -> None:
    for part in render(reply):
        assert sum(len(e) for e in part.embeds) <= EMBED_TOTAL_MAX
        for embed in part.embeds:
            assert len(embed.title or "") <= TITLE_MAX
            assert len(embed.description or "") <= DESCRIPTION_MAX
        for button in part.buttons:
            assert 0 < len(button.label) <= LABEL_MAX
            assert len(button.custom_id) <= CUSTOM_ID_MAX
        mentions = message_kwargs(part)["allowed_mentions"]
        assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (
            False,
            False,
            False,
            False,
        )


@settings(max_examples=200, deadline=None)
@given(command=hostile_text.map(lambda t: t[:98]))
def test_a_button_command_survives_its_custom_id(command: str) -> None:
    assert command_of(custom_id_for(command)) == command


@settings(max_examples=200, deadline=None)
@given(on=st.booleans(), day=options, time=options, zone=options, channel=st.one_of(st.none(), st.integers(0, 2**64)))
def test_any_slash_command_options_become_grammar_text_the_core_can_parse(
    on: bool, day: str | None, time: str | None, zone: str | None, channel: int | None
) -> None:
    for text in (
        command_text.checkin(on, day, time, zone),
        command_text.digest_subscribe(channel, day, time, zone),
        command_text.digest_unsubscribe(channel),
        command_text.digest_me(on, day, time, zone),
    ):
        parse(text)  # never raises: a command, a question or a hint


@settings(max_examples=200, deadline=None)
@given(text=hostile_text, bot_id=st.integers(1, 2**63))
def test_the_bot_mention_is_removed_and_nothing_else(text: str, bot_id: int) -> None:
    stripped = strip_mention(f"<@{bot_id}> {text}", bot_id)
    assert f"<@{bot_id}>" not in stripped
