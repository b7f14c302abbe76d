"""The Slack translation under hostile text: Block Kit limits hold, commands survive, nothing can notify anyone."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.inbound import strip_mention
from adapters.slack.render import (
    MAX_ACTIONS,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_FALLBACK,
    MAX_HEADER,
    MAX_SECTION,
    escape,
    render,
    unescape,
)
from bot.messages import Bullets, Button, Paragraph, ProgressBar, Reply
from tests.hostile.strategies import hostile_text

replies = st.builds(
    Reply,
    heading=hostile_text,
    blocks=st.lists(
        st.one_of(
            st.builds(Paragraph, hostile_text),
            st.builds(Bullets, st.lists(hostile_text).map(tuple)),
            st.builds(ProgressBar, st.integers(0, 50), st.integers(0, 50), hostile_text),
        ),
        max_size=80,
    ).map(tuple),
    buttons=st.lists(st.builds(Button, hostile_text, hostile_text.map(lambda t: t[:90])), max_size=30).map(tuple),
    footer=hostile_text,
)
CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]{2,30}>")


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    return texts + [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]


def assert_cannot_notify(text: str) -> None:
    """Only channel links may stay as Slack markup; every other ``<`` or ``>`` is escaped."""
    rest = CHANNEL_LINK.sub("", text)
    assert "<" not in rest
    assert ">" not in rest


@settings(max_examples=200, deadline=None)
@given(reply=replies)
def test_any_reply_renders_within_slack_limits_and_never_notifies(reply: Reply) -> None:
    for message in render(reply):
        assert 0 < len(message.blocks) <= MAX_BLOCKS
        assert len(message.text) <= MAX_FALLBACK
        assert_cannot_notify(message.text)
        for text in mrkdwn_texts(message.blocks):
            assert 0 < len(text) <= MAX_SECTION
            assert_cannot_notify(text)
        for block in message.blocks:
            if block["type"] == "header":
                assert 0 < len(block["text"]["text"]) <= MAX_HEADER
                assert block["text"]["type"] == "plain_text"
            if block["type"] == "actions":
                assert 0 < len(block["elements"]) <= MAX_ACTIONS
                for button in block["elements"]:
                    assert 0 < len(button["text"]["text"].strip()) <= MAX_BUTTON_TEXT
                    assert 0 < len(button["value"]) <= MAX_BUTTON_VALUE


@settings(max_examples=200, deadline=None)
@given(command=hostile_text.map(lambda t: t[:90]).filter(str.strip))
def test_a_button_sends_back_exactly_its_command(command: str) -> None:
    [message] = render(Reply(buttons=(Button("go", command),)))
    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    assert actions["elements"][0]["value"] == command


@settings(max_examples=200, deadline=None)
@given(text=hostile_text)
def test_what_slack_escapes_reaches_the_core_unchanged(text: str) -> None:
    slack_sent = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert unescape(slack_sent) == text
    assert_cannot_notify(escape(text))


@settings(max_examples=200, deadline=None)
@given(text=hostile_text.filter(lambda t: "W23456789" not in t))
def test_the_bot_mention_is_removed_and_nothing_else(text: str) -> None:
    assert strip_mention(f"<@W23456789> {text}", "W23456789") == text.strip()
    assert strip_mention(f"<@W23456789|mentor>{text}", "W23456789") == text.strip()
