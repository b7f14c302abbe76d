"""Comparisons compare: both sides get the same fields, whatever the length of their cards."""

from __future__ import annotations

import itertools

import pytest

from bot.answers.compose import COMPARED_FIELDS, MAX_TEXT, compare_reply, text_length
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.messages import Comparison, Reply, Row, plain_text


def table(reply: Reply) -> Comparison:
    [found] = [b for b in reply.blocks if isinstance(b, Comparison)]
    return found


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("k8s vs docker", ("Kubernetes", "Docker")),
        ("oauth vs jwt", ("OAuth 2.0 and OpenID Connect", "JSON Web Tokens (JWT)")),
        ("authentication vs authorization", ("Authentication", "Authorization: RBAC, ABAC, permissions")),
    ],
)
def test_both_sides_show_every_field(answerer: MentorAnswerer, question: str, sides: tuple[str, str]) -> None:
    reply = answerer.answer(question).reply
    compared = table(reply)
    assert compared.columns == sides
    assert tuple(row.label for row in compared.rows) == COMPARED_FIELDS
    assert all(cell.strip() for row in compared.rows for cell in row.cells)
    text = plain_text(reply)
    for field in COMPARED_FIELDS:
        assert text.count(f"• {field}: ") == 2  # the plain-text fallback too


def test_long_cards_are_shortened_without_losing_a_field(content: Content) -> None:
    longest = sorted(content.topics.values(), key=lambda t: len(t.summary) + len(t.why), reverse=True)[:12]
    for a, b in itertools.combinations(longest, 2):
        reply = compare_reply(content, a, b)
        assert text_length(reply) <= MAX_TEXT
        compared = table(reply)
        assert [row.label for row in compared.rows] == list(COMPARED_FIELDS)
        assert all(len(cell) >= 10 for row in compared.rows for cell in row.cells)


def test_a_row_must_fill_every_column() -> None:
    with pytest.raises(ValueError, match="one cell per column"):
        Comparison(("A", "B"), (Row("Why it matters", ("only A",)),))
