"""Replies rendered as Block Kit: Slack's limits hold, nothing a person wrote can notify anyone."""

from __future__ import annotations

from typing import Any

from adapters.slack.render import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_HEADER,
    MAX_SECTION,
    MAX_TABLE_ROWS,
    escape,
    home_view,
    render,
    unescape,
)
from bot.messages import Bullets, Button, Comparison, Grid, Paragraph, ProgressBar, Reply, Row

NOTIFYING = ("<!channel>", "<!here>", "<!everyone>", "<@U0123ABC>", "<!subteam^S123>")


def all_text(block: dict[str, Any]) -> list[str]:
    if block["type"] in ("header", "section"):
        return [block["text"]["text"]]
    if block["type"] == "context":
        return [e["text"] for e in block["elements"]]
    if block["type"] == "actions":
        return [e["text"]["text"] for e in block["elements"]]
    return []


def test_a_reply_becomes_header_sections_divider_actions_and_context() -> None:
    reply = Reply(
        heading="Caching",
        blocks=(Paragraph("Keep hot data close."), Bullets(("TTL", "eviction")), ProgressBar(3, 10, "topics")),
        buttons=(Button("Redis", "ask Redis"),),
        footer="caching · mid",
    )
    [message] = render(reply)
    assert [b["type"] for b in message.blocks] == [
        "header",
        "section",
        "section",
        "section",
        "divider",
        "actions",
        "context",
    ]
    assert message.blocks[2]["text"]["text"] == "• TTL\n• eviction"
    assert "3/10 topics" in message.blocks[3]["text"]["text"]
    assert message.blocks[5]["elements"][0]["value"] == "ask Redis"
    assert message.text.startswith("Caching\n\nKeep hot data close.")


def test_nothing_written_by_a_person_can_notify_anyone() -> None:
    hostile = " ".join(NOTIFYING) + " & <https://evil.example|click>"
    reply = Reply(heading=hostile, blocks=(Paragraph(hostile), Bullets((hostile,))), footer=hostile)
    [message] = render(reply)
    rendered = [message.text, *(t for b in message.blocks for t in all_text(b) if b["type"] != "header")]
    for text in rendered:
        for raw in NOTIFYING:
            assert raw not in text
        assert "&lt;!channel&gt;" in text
        assert "<https://" not in text


def test_channel_links_stay_links_because_they_notify_nobody() -> None:
    assert escape("posting in <#C0123ABC|general> & <#C0123ABC>") == "posting in <#C0123ABC> &amp; <#C0123ABC>"


def test_what_slack_escaped_reaches_the_core_as_typed() -> None:
    assert unescape("a &lt; b &amp;&amp; c &gt; d &amp;lt;") == "a < b && c > d &lt;"


def test_long_text_is_split_into_sections_within_the_limit() -> None:
    words = " ".join(f"word{i}" for i in range(3000))
    lines = tuple(f"line {i} " + "x" * 200 for i in range(40))
    [message] = render(Reply(blocks=(Paragraph(words), Bullets(lines))))
    sections = [b["text"]["text"] for b in message.blocks]
    assert all(len(s) <= MAX_SECTION for s in sections)
    assert " ".join(" ".join(sections[:-3]).split()).startswith("word0 word1")
    assert sum(s.count("• line") for s in sections) == 40


def test_splitting_never_cuts_an_html_entity() -> None:
    [message] = render(Reply(blocks=(Paragraph("<" * 5000),)))
    for block in message.blocks:
        text = block["text"]["text"]
        assert len(text) <= MAX_SECTION
        assert text.replace("&lt;", "") == ""


def test_too_many_blocks_become_several_messages() -> None:
    reply = Reply(heading="Many", blocks=tuple(Paragraph(f"part {i}") for i in range(120)), footer="end")
    messages = render(reply)
    assert len(messages) == 3
    assert all(len(m.blocks) <= MAX_BLOCKS for m in messages)
    assert messages[0].blocks[0]["type"] == "header"
    assert messages[-1].blocks[-1]["type"] == "context"
    assert "part 60" in messages[1].text
    assert sum(len(m.blocks) for m in messages) == 1 + 120 + 2


def test_header_button_text_and_value_are_clipped_to_slacks_limits() -> None:
    reply = Reply(heading="H" * 400, buttons=tuple(Button("B" * 100, "ask " + "v" * 3000) for _ in range(30)))
    [message] = render(reply)
    header = message.blocks[0]
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert len(header["text"]["text"]) == MAX_HEADER
    assert [len(a["elements"]) for a in actions] == [25, 5]  # 25 elements at most per actions block
    buttons = [e for a in actions for e in a["elements"]]
    assert all(len(b["text"]["text"]) <= MAX_BUTTON_TEXT for b in buttons)
    assert all(len(b["value"]) <= MAX_BUTTON_VALUE for b in buttons)
    assert len({b["action_id"] for b in buttons}) == 30


def test_a_reply_with_only_files_renders_no_message() -> None:
    assert render(Reply()) == []


def test_a_comparison_is_a_table_with_the_same_fields_for_both_sides() -> None:
    compared = Comparison(
        ("OAuth", "JWT"),
        (
            Row("What it is", ("Delegated access.", "A signed token.")),
            Row("Level", ("mid, about 16 h", "mid, about 6 h")),
        ),
    )
    [message] = render(Reply("OAuth vs JWT", (compared, compared)))
    [table] = [b for b in message.blocks if b["type"] == "table"]  # one table a message: the second is text
    assert cells(table) == [
        ["", "OAuth", "JWT"],
        ["What it is", "Delegated access.", "A signed token."],
        ["Level", "mid, about 16 h", "mid, about 6 h"],
    ]
    assert all(c["type"] == "raw_text" for row in table["rows"] for c in row)
    text = "\n".join(t for b in message.blocks for t in all_text(b))
    assert text.count("• What it is: ") == 2 and text.index("\nOAuth\n") < text.index("\nJWT\n")


def test_plan_all_rows_become_a_table_and_long_grids_stay_text() -> None:
    rows = tuple(("✓" if i == 0 else "", f"week {i + 1}", f"Topic {i}", "5 h") for i in range(3))
    items = tuple(f"{r[0]} {r[1]} · {r[2]} · {r[3]}".strip() for r in rows)
    listed = Bullets(items, Grid(("", "Weeks", "Topic", "Hours"), rows))
    [message] = render(Reply("Your whole plan", (listed,)))
    [table] = [b for b in message.blocks if b["type"] == "table"]
    assert cells(table)[0] == ["", "Weeks", "Topic", "Hours"] and cells(table)[1][:3] == ["✓", "week 1", "Topic 0"]
    assert len(table["column_settings"]) == 4 and "Topic 2" in message.text

    many = tuple((str(i), "x") for i in range(MAX_TABLE_ROWS))
    [long] = render(Reply(blocks=(Bullets(tuple(f"{a} {b}" for a, b in many), Grid(("n", "x"), many)),)))
    assert not [b for b in long.blocks if b["type"] == "table"]  # past Slack's 100 rows: the list as text
    assert not [b for b in home_view(Reply(blocks=(listed,)))["blocks"] if b["type"] == "table"]


def test_text_in_table_cells_never_notifies() -> None:
    rows = tuple((mention, "x") for mention in NOTIFYING)
    listed = Bullets(tuple(f"{a} {b}" for a, b in rows), Grid(("who", "x"), rows))
    [message] = render(Reply(blocks=(listed,)))
    [table] = [b for b in message.blocks if b["type"] == "table"]
    assert all(c["type"] == "raw_text" for row in table["rows"] for c in row)  # shown as written, never parsed
    assert not any(m in message.text for m in NOTIFYING)  # the mrkdwn fallback is escaped
    assert "&lt;!channel&gt;" in message.text


def cells(table: dict[str, Any]) -> list[list[str]]:
    return [[c["text"].strip() for c in row] for row in table["rows"]]  # an empty cell is sent as " "
