"""The words of feedback and follow-ups. Each form is exact, so the same words inside a question stay a question.

Buttons send ``vote up|down <answer id>`` and ``escalate <answer id> [confirm|cancel]``; people type ``good`` /
``bad`` right after an answer, ``missing: …`` after a 👎, and ``more``, ``example``, ``why?``, ``what next?`` in the
answer's thread or DM. Admins set ``mentors channel #channel`` / ``mentors off``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.digests.arguments import ArgumentError, parse_schedule_args


@dataclass(frozen=True)
class Vote:
    up: bool
    answer_id: int | None = None  # None: the answer just given (typed `good` / `bad`)


@dataclass(frozen=True)
class MissingNote:
    text: str


@dataclass(frozen=True)
class FollowUp:
    kind: str  # more | example | why | next | sources


@dataclass(frozen=True)
class Escalate:
    answer_id: int
    confirmed: bool | None = None


@dataclass(frozen=True)
class MentorsChannel:
    channel: str | None  # None: off


@dataclass(frozen=True)
class FeedbackMalformed:
    hint: str


FeedbackCommand = Vote | MissingNote | FollowUp | Escalate | MentorsChannel

_VOTE_BUTTON = re.compile(r"^vote (up|down) (\d{1,12})$")
_ESCALATE = re.compile(r"^escalate (\d{1,12})(?: (confirm|cancel))?$")
_MISSING = re.compile(r"^missing\s*:\s*(\S.*)$", re.IGNORECASE | re.DOTALL)
_TYPED_VOTES = {
    "good": True, "good answer": True, "helpful": True, "👍": True, "+1": True,
    "bad": False, "bad answer": False, "not helpful": False, "unhelpful": False, "👎": False, "-1": False,
}  # fmt: skip
_FOLLOW_UPS = {
    "more": "more", "tell me more": "more", "go on": "more", "more please": "more", "and?": "more",
    "example": "example", "an example": "example", "example please": "example", "give me an example": "example",
    "show me an example": "example", "exercise": "example",
    "why": "why", "why?": "why", "why does it matter": "why", "why does it matter?": "why",
    "what next": "next", "what next?": "next", "next": "next", "what's next": "next", "what's next?": "next",
    "what should i learn next": "next", "what should i learn next?": "next",
    "sources": "sources", "source": "sources", "links": "sources", "where can i read more": "sources",
    "where can i read more?": "sources", "read more": "sources",
}  # fmt: skip
MENTORS_FORM = "`mentors channel #channel` (where questions the bot can't answer go) or `mentors off`"


def parse_feedback(text: str) -> FeedbackCommand | FeedbackMalformed | None:
    """The feedback command ``text`` is, or None when it is none (then it may still be a question)."""
    lowered = text.lower().strip()
    bare = lowered.rstrip("!. ")
    if match := _VOTE_BUTTON.match(lowered):
        return Vote(match.group(1) == "up", int(match.group(2)))
    if match := _ESCALATE.match(lowered):
        decision = match.group(2)
        return Escalate(int(match.group(1)), None if decision is None else decision == "confirm")
    if match := _MISSING.match(text.strip()):
        return MissingNote(match.group(1).strip()[:1000])
    if bare in _TYPED_VOTES or lowered in _TYPED_VOTES:
        return Vote(_TYPED_VOTES.get(bare, _TYPED_VOTES.get(lowered, True)))
    if lowered in _FOLLOW_UPS or bare in _FOLLOW_UPS:
        return FollowUp(_FOLLOW_UPS.get(lowered) or _FOLLOW_UPS[bare])
    words = text.split()
    if words[:1] and words[0].lower() == "mentors":
        return _parse_mentors(words[1:])
    return None


def _parse_mentors(args: list[str]) -> MentorsChannel | FeedbackMalformed | None:
    lowered = [a.lower() for a in args]
    if lowered == ["off"]:
        return MentorsChannel(None)
    if lowered[:1] == ["channel"] and len(args) == 2:
        try:
            channel = parse_schedule_args(args[1:], allow_channel=True).channel
        except ArgumentError:
            channel = None
        if channel:
            return MentorsChannel(channel)
        return FeedbackMalformed(f"Name the channel with #, e.g. {MENTORS_FORM}.")
    if len(args) <= 2:
        return FeedbackMalformed(f"Try {MENTORS_FORM}.")
    return None  # "mentors who helped me grow?" is a question
