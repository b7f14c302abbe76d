"""Replies as Discord messages that stay inside Discord's limits."""

from __future__ import annotations

from adapters.discord.render import render
from bot.messages import Bullets, Button, Comparison, FileAttachment, Paragraph, ProgressBar, Reply, Row


def test_a_reply_is_one_embed_with_its_buttons() -> None:
    [message] = render(
        Reply(
            heading="Caching",
            blocks=(Paragraph("Keep hot data close."), Bullets(("TTL", "Invalidation")), ProgressBar(3, 10, "topics")),
            buttons=(Button("Redis", "ask Redis"),),
            footer="Type `topics caching`.",
        )
    )
    [embed] = message.embeds
    assert embed.title == "Caching"
    assert embed.description is not None
    assert "• TTL\n• Invalidation" in embed.description and "3/10 topics" in embed.description
    assert embed.footer.text == "Type topics caching."  # embed footers show no markdown
    assert [(b.label, b.custom_id) for b in message.buttons] == [("Redis", "m:ask Redis")]


def test_a_long_reply_is_split_within_every_limit() -> None:
    reply = Reply(
        heading="H" * 300,
        blocks=tuple(Paragraph(f"{i} " + "x" * 5000) for i in range(12)),
        buttons=tuple(Button(f"Topic {i} " + "y" * 100, f"ask topic {i}") for i in range(30)),
        footer="f" * 3000,
    )
    messages = render(reply)
    assert len(messages) > 1
    embeds = [e for m in messages for e in m.embeds]
    assert len(embeds[0].title or "") == 256
    assert all(len(e.description or "") <= 4096 for e in embeds)
    assert all(len(m.embeds) <= 10 and sum(len(e) for e in m.embeds) <= 6000 for m in messages)
    text = "".join(e.description or "" for e in embeds)
    assert all(f"{i} xxx" in text for i in range(12))
    assert [m.buttons for m in messages[:-1]] == [()] * (len(messages) - 1)  # buttons under the last part
    buttons = messages[-1].buttons
    assert len(buttons) == 25
    assert all(len(b.label) <= 80 and len(b.custom_id) <= 100 for b in buttons)


def test_two_buttons_with_one_command_become_one() -> None:
    [message] = render(Reply(heading="x", buttons=(Button("A", "ask a"), Button("A again", "ask a"))))
    assert [b.custom_id for b in message.buttons] == ["m:ask a"]


def test_an_image_file_is_attached_and_shown() -> None:
    [message] = render(Reply(heading="Plan", files=(FileAttachment("plan.png", b"png", "roadmap"),)))
    assert message.embeds[0].image.url == "attachment://plan.png"
    [file] = message.discord_files()
    assert (file.filename, file.description) == ("plan.png", "roadmap")


def test_an_empty_reply_sends_nothing() -> None:
    assert render(Reply()) == []


def test_a_comparison_is_two_inline_fields_with_the_same_rows() -> None:
    compared = Comparison(
        ("Kubernetes", "Docker"),
        (
            Row("What it is", ("An orchestrator.", "A container engine.")),
            Row("Why it matters", ("Deploys and recovery.", "Image size and build time.")),
            Row("Level", ("senior, about 40 h", "mid, about 12 h")),
        ),
    )
    [message] = render(
        Reply("Kubernetes vs Docker", (compared, Paragraph("Both build on Containers: learn that first.")))
    )
    [embed] = message.embeds
    kubernetes, docker, after = embed.fields
    assert (kubernetes.name, kubernetes.inline, docker.name, docker.inline) == ("Kubernetes", True, "Docker", True)
    for side in (kubernetes, docker):
        assert [line for line in (side.value or "").splitlines() if line.startswith("**")] == [
            "**What it is**",
            "**Why it matters**",
            "**Level**",
        ]
    assert "Image size and build time." in (docker.value or "")
    assert (after.inline, after.value) == (False, "Both build on Containers: learn that first.")
    assert embed.description is None
