"""Slash-command options as the core's grammar text (``/mentor checkin on:True day:mon`` → ``checkin on mon``)."""

from __future__ import annotations


def words(*parts: str | None) -> str:
    """The parts that were given, in order, one space apart; options left empty are left out."""
    return " ".join(p.strip() for p in parts if p and p.strip())


def channel_ref(channel_id: int | None) -> str | None:
    """A channel as the grammar writes it: ``<#ID>``."""
    return f"<#{channel_id}>" if channel_id is not None else None


def checkin(on: bool, day: str | None, time: str | None, timezone: str | None) -> str:
    if not on:
        return "checkin off"
    return words("checkin on", day, time, timezone)


def digest_subscribe(channel_id: int | None, days: str | None, time: str | None, timezone: str | None) -> str:
    return words("digest subscribe", channel_ref(channel_id), days, time, timezone)


def digest_unsubscribe(channel_id: int | None) -> str:
    return words("digest unsubscribe", channel_ref(channel_id))


def digest_me(on: bool, days: str | None, time: str | None, timezone: str | None) -> str:
    if not on:
        return "digest me off"
    return words("digest me on", days, time, timezone)
