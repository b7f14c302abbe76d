"""What kind of question this is: one topic, a comparison, a prerequisite path, or a career question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content.models import LEVELS


@dataclass(frozen=True)
class Intent:
    kind: str  # "topic" | "compare" | "first" | "path" | "career" | "chat"
    subject: str
    other: str = ""
    level: str = ""


# Each pattern runs with ``match`` from the start: an atomic group finds the first cue and never gives it back, so
# a failed match costs one pass over the text, not one pass per starting point (those patterns were quadratic).
# Only the first cue matters: when the text after it holds no separator, the text after any later cue holds none.
_COMPARE = (
    re.compile(r"(?>.*?\bdifferences? between )(?P<a>.+?) and (?P<b>.+)"),
    re.compile(r"(?>.*?\bcompare )(?P<a>.+?) (?:and|with|to|vs|versus) (?P<b>.+)"),
    re.compile(r"(?P<a>.+?) (?:vs|versus|compared to|compared with) (?P<b>.+)"),
    re.compile(r"(?>.*?\b(?:should i|do i|would you|to) (?:use|pick|choose|learn) )(?P<a>.+?) or (?P<b>.+)"),
    re.compile(
        r"(?>.*?\bwhen (?:should i |to |do i |would i )?use )(?P<a>.+?) (?:over|instead of|rather than) (?P<b>.+)"
    ),
)
_BEFORE = r"(?:learning |i learn |studying |diving into |starting (?:with )?|getting into |using )?"
_PATH = (
    re.compile(rf"\b(?:learn|know|study|understand|master) (?:first |beforehand )?before {_BEFORE}(?P<a>.+)"),
    re.compile(r"\bprerequisites? (?:for|of|to) (?:learning )?(?P<a>.+)"),
    re.compile(
        r"\b(?:learning path|roadmap|study plan|path) (?:for|to|towards) (?:learning |learn |master )?(?P<a>.+)"
    ),
    re.compile(r"\bwhere (?:do|should) i start (?:with|learning|on) (?P<a>.+)"),
    re.compile(
        r"\bwhat (?:do|should) i (?:need to )?(?:learn|know|study) (?:to|in order to) "
        r"(?:learn|understand|master|use|get into) (?P<a>.+)"
    ),
)
# "X or Y, which first?": a recommendation, not two descriptions. Matched from the start like ``_COMPARE``: an atomic
# group takes the first cue (and the first " or " / " before ") for good, so each pattern reads the text once.
_FIRST = (
    re.compile(
        r"(?:should i |do i |would you |to )?(?:learn |study |start with |pick |do )?(?>(?P<a>.+?) or )(?P<b>.+?)"
        r" (?:which|what) (?:one )?(?:first|should i (?:learn|start with|study|do|pick) first|comes first)\b"
    ),
    re.compile(r"(?>.*?\b(?:learn|study|start with|pick|do|tackle) )(?>(?P<a>.+?) or )(?P<b>.+?) first\b"),
    re.compile(
        r"(?>.*?\bwhich (?:one )?(?:first|comes first|should i (?:learn|start with|study) first) )"
        r"(?P<a>.+?) or (?P<b>.+)"
    ),
    re.compile(
        r"(?:learn |study )?(?>(?P<a>.+?) before )(?P<b>.+?) or (?:the other way (?:round|around)|vice versa)\b"
    ),
)
_LEVEL = r"(?P<level>junior|mid(?: level)?|middle|intermediate|senior|staff|principal|lead)"
_ROLE = r"(?:level )?(?:backend |software )?(?:engineers?|developers?|devs?)"
_CAREER = (
    re.compile(
        r"\b(?:become|becoming|get promoted to|promotion to|promoted to|grow into|move to|step up to|level up to|reach)"
        rf" (?:a |an |the )?{_LEVEL}\b"
    ),
    re.compile(rf"\bwhat (?:does|do|should) (?:a |an |the )?{_LEVEL} {_ROLE}(?: do| know| be)?\b"),
    re.compile(rf"\b{_LEVEL} (?:{_ROLE}|roles?)(?:s)? (?:responsibilities|expectations|skills|duties|role|job)\b"),
    re.compile(rf"\b(?:responsibilities|expectations|skills|duties) (?:of|for) (?:a |an )?{_LEVEL}\b"),
    re.compile(rf"\b(?:from|go from) (?:junior|mid|mid level|senior|staff) to {_LEVEL}\b"),
)
_LEVEL_NAMES = {"mid level": "mid", "middle": "mid", "intermediate": "mid", "lead": "staff"}


def detect(folded: str) -> Intent:
    """Classify a folded question (see ``text.fold``)."""
    for pattern in _CAREER:
        match = pattern.search(folded)
        if match:
            level = _LEVEL_NAMES.get(match["level"], match["level"])
            if level in LEVELS:
                return Intent("career", folded, level=level)
    for pattern in _FIRST:
        match = pattern.match(folded)
        if match:
            return Intent("first", match["a"], match["b"])
    for pattern in _PATH:
        match = pattern.search(folded)
        if match:
            return Intent("path", match["a"])
    for pattern in _COMPARE:
        match = pattern.match(folded)
        if match:
            return Intent("compare", match["a"], match["b"])
    return Intent("topic", folded)
