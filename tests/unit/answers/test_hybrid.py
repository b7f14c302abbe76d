"""The hybrid answerer with a deterministic fake encoder: chat markup, small talk, which first, FAQ entries, reasons."""

from __future__ import annotations

import pytest

from bot.answers.engine import MAX_QUESTION_CHARS, MentorAnswerer
from bot.answers.markup import question_part, strip_markup
from bot.answers.recommend import which_first
from bot.content import Content
from bot.content.models import Faq
from tests.fakes import FakeEncoder


@pytest.fixture(scope="module")
def faq_content(content: Content) -> Content:
    """The real content with one FAQ entry added to the caching card."""
    faq = Faq(
        id="caching-basics/stale-reads",
        question="Why do my users keep seeing stale data after an update?",
        answer="Because the cache still holds the old value: invalidate or update the entry when you write.",
    )
    topics = dict(content.topics)
    card = topics["caching-basics"]
    topics["caching-basics"] = card.model_copy(update={"faqs": (*card.faqs, faq)})
    return Content(content.areas, topics, content.tips, content.tracks)


@pytest.fixture(scope="module")
def hybrid(faq_content: Content) -> MentorAnswerer:
    return MentorAnswerer(faq_content, FakeEncoder())


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<!channel> what is caching", "what is caching"),
        ("<@U024BE7LH> <#C1|general> how do <https://x.io/a|retries> work", "how do retries work"),
        ("@everyone what is `EXPLAIN ANALYZE`? see https://example.com/x", "what is EXPLAIN ANALYZE? see"),
        ("<@123456> <:blob:998877> what is a mutex ```go\nvar mu sync.Mutex\n```", "what is a mutex"),
    ],
)
def test_chat_markup_is_stripped_before_ranking(raw: str, clean: str) -> None:
    assert strip_markup(raw) == clean


def test_the_question_is_the_sentence_that_asks() -> None:
    text = "We run one big Django app. Every release breaks something. Should we split it? Thanks."
    assert question_part(text) == "Should we split it?"
    assert question_part("what is caching") == ""


def test_a_mention_of_channel_does_not_pull_in_the_go_card(hybrid: MentorAnswerer) -> None:
    answer = hybrid.answer("<!channel> what is caching")
    assert answer.topics[0].topic.area == "caching"
    assert "go" not in {s.topic.id for s in answer.topics}


@pytest.mark.parametrize(
    ("message", "chat"),
    [("hi", "greeting"), ("thanks!", "thanks"), ("who are you", "identity"), ("help me get better", "next_step")],
)
def test_small_talk_gets_a_short_friendly_reply(hybrid: MentorAnswerer, message: str, chat: str) -> None:
    answer = hybrid.answer(message)
    assert (answer.kind, answer.chat, answer.topic) == ("chat", chat, None)
    assert answer.reply.buttons


def test_what_to_learn_next_offers_the_plan(hybrid: MentorAnswerer) -> None:
    reply = hybrid.answer("what should I learn next").reply
    assert any(b.command == "plan" for b in reply.buttons)


def test_which_first_is_a_recommendation(hybrid: MentorAnswerer, content: Content) -> None:
    answer = hybrid.answer("kubernetes or containers, which first?")
    assert answer.kind == "compare"
    assert answer.first is not None and answer.first.id == "containers"
    assert "Start with Containers" in answer.reply.blocks[0].text  # type: ignore[union-attr]
    assert which_first(content, content.topics["kubernetes"], content.topics["containers"]).id == "containers"


def test_an_faq_entry_answers_first_then_the_card(hybrid: MentorAnswerer) -> None:
    answer = hybrid.answer("why do my users keep seeing stale data after an update?")
    assert answer.faq is not None and answer.faq.id == "caching-basics/stale-reads"
    assert answer.reply.blocks[0].text.startswith("Because the cache")  # type: ignore[union-attr]
    assert answer.topic is not None and answer.topic.id == "caching-basics"


@pytest.mark.parametrize(
    ("message", "reason"),
    [("", "empty"), ("?? !!", "empty"), ("x" * (MAX_QUESTION_CHARS + 1), "too_long")],
)
def test_unsure_says_why(hybrid: MentorAnswerer, message: str, reason: str) -> None:
    answer = hybrid.answer(message)
    assert (answer.kind, answer.reason) == ("unsure", reason)


def test_out_of_scope_offers_no_unrelated_cards(hybrid: MentorAnswerer) -> None:
    answer = hybrid.answer("zzqx wobble frumious bandersnatch")
    assert answer.kind == "unsure" and answer.reason == "out_of_scope"
    assert "I don't have a card on that yet" in answer.reply.blocks[0].text  # type: ignore[union-attr]
    assert [b.command for b in answer.reply.buttons] == ["topics"]


def test_a_question_close_to_an_off_topic_anchor_is_out_of_scope(faq_content: Content) -> None:
    question = "how long can I cache my sourdough starter in the fridge over the holidays"
    unanchored = MentorAnswerer(faq_content, FakeEncoder(), off_topic=FakeEncoder().encode(["zebra quartet"]))
    anchored = MentorAnswerer(faq_content, FakeEncoder(), off_topic=FakeEncoder().encode([question]))
    assert anchored.rank(question).scope < unanchored.rank(question).scope
    answer = anchored.answer(question)
    assert answer.kind == "unsure" and answer.reason == "out_of_scope"
