"""Replies say the right thing: the usage of the command typed, and a footer that matches what is switched on."""

from __future__ import annotations

from pathlib import Path

from adapters.console import ConsoleChat
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text


def say(mentor: Mentor, text: str, *, dm: bool = True) -> Reply:
    incoming = Incoming("slack", "T1", "D1" if dm else "C1", "U1", text, is_dm=dm, is_admin=True)
    [reply] = mentor.handle(incoming)
    return reply


def test_an_offset_in_digest_me_on_shows_the_digest_me_usage(mentor: Mentor) -> None:
    text = plain_text(say(mentor, "digest me on mon 08:00 UTC+2"))
    assert "offset, not a time zone" in text
    assert "`digest me on [days] [HH:MM] [time zone]`" in text
    assert "digest subscribe" not in text


def test_an_offset_in_digest_subscribe_shows_the_subscribe_usage(mentor: Mentor) -> None:
    text = plain_text(say(mentor, "digest subscribe here mon 08:00 GMT-5", dm=False))
    assert "`digest subscribe [#channel|here] [days] [HH:MM] [time zone]`" in text
    assert "digest me on" not in text


def test_tip_offers_to_stop_the_dm_digest_only_when_it_is_on(mentor: Mentor) -> None:
    before = say(mentor, "tip")
    assert "digest me off" not in plain_text(before)
    assert before.footer == "Get one every week by DM with `digest me on`."
    say(mentor, "digest me on")
    assert say(mentor, "tip").footer == "Stop these with `digest me off`."
    say(mentor, "digest me off")
    assert "digest me off" not in plain_text(say(mentor, "tip"))


def test_a_channel_preview_keeps_the_admin_footer(mentor: Mentor) -> None:
    assert say(mentor, "digest preview", dm=False).footer == "An admin can stop these with `digest unsubscribe`."


def test_the_plan_picture_reply_reads_as_sentences(mentor: Mentor, tmp_path: Path) -> None:
    chat = ConsoleChat(mentor, user="ada", timezone="Europe/Berlin", files_dir=tmp_path)
    for line in ["plan", "mid", "senior", "databases", "python django", "sql", "skip", "5", "fri 16:00 Europe/Berlin"]:
        chat.send(line)
    [reply] = chat.send("plan picture")
    assert (
        plain_text(reply).splitlines()[-1]
        == f"Saved the picture to {tmp_path / 'console_local_u_ada' / 'learning-plan.png'}."
    )
    assert (tmp_path / "console_local_u_ada" / "learning-plan.png").read_bytes().startswith(b"\x89PNG")
