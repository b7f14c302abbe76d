"""Messages that are not questions about a topic: greetings, thanks, "who are you", and "what should I learn next"."""

from __future__ import annotations

import re

GREETING = "greeting"
THANKS = "thanks"
IDENTITY = "identity"
NEXT_STEP = "next_step"

_FILLER = r"(?: (?:there|mentor|bot|all|everyone|folks|team|again|so much|a lot|very much|man|mate|buddy|friend))*"
_TAIL = (
    r"(?: (?:as|at) (?:a |an |my )?(?:backend |software )?(?:engineer|developer|dev|programming|coding|job|work))?"
    r"(?: (?:in|this) (?:my career|year|month|week))?"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        GREETING,
        re.compile(
            rf"^(?:hi+|hello+|hey+|hiya|yo|howdy|sup|greetings|good (?:morning|afternoon|evening|day)|gm)"
            rf"{_FILLER}(?: how are you(?: doing)?| hows it going| whats up)?$"
        ),
    ),
    (
        THANKS,
        re.compile(
            rf"^(?:(?:ok|okay|great|cool|nice|awesome|perfect|got it|makes sense)(?: )?)*"
            rf"(?:thanks?|thank you|thx|ty|tysm|cheers|much appreciated|appreciate it)?{_FILLER}$"
        ),
    ),
    (
        IDENTITY,
        re.compile(
            r"^(?:(?:hi|hey|hello) )?(?:who|what) (?:are|r) (?:you|u)(?: exactly)?"
            r"|^what (?:can|do) (?:you|u) (?:do|help with|know)\b|^(?:are you|r u) (?:a bot|human|an ai)\b"
            r"|^how (?:do i|does this|can i) use (?:you|this|this bot)\b"
        ),
    ),
    (
        NEXT_STEP,
        re.compile(
            r"^(?:(?:please|pls|can you|could you) )?(?:help me|i want to|i wanna|how (?:do|can|should) i)"
            r" (?:get better|improve|grow|level up|progress|get good|become a better (?:engineer|developer|dev))"
            rf"{_TAIL}$"
            r"|^what (?:should|do|can|could) i (?:learn|study|focus on|work on|read|do) (?:next|now|first|today)"
            rf"{_TAIL}$"
            r"|^whats? (?:is )?(?:my )?next(?: step)?$|^what to learn(?: next)?$"
            r"|^where (?:do|should) i (?:start|begin)$"
            r"|^(?:suggest|recommend|give me) (?:something|a topic|what) to (?:learn|study)$"
            r"|^i (?:dont|do not) know what to (?:learn|study)(?: next)?$"
        ),
    ),
)


def small_talk(folded: str) -> str | None:
    """The kind of small talk ``folded`` (see ``text.fold``) is, or None for anything else."""
    if not folded:
        return None
    for kind, pattern in _PATTERNS:
        if pattern.search(folded):
            return kind
    return None
