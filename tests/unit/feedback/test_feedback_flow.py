"""Votes, what was missing, follow-ups on the same topic, and a human mentor — as people meet them."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.grammar import Question, parse
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text
from tests.fakes import FixedClock, InMemoryStore

BISECT = "explain debugging"


def msg(text: str, user: str = "U1", *, dm: bool = True, thread: str | None = None, admin: bool = False) -> Incoming:
    return Incoming(
        platform="slack", workspace="T1", channel="D1" if dm else "C1", user=user, text=text, is_dm=dm,
        thread=thread, display_name=f"name-{user}", is_admin=admin,
    )  # fmt: skip


def click(mentor: Mentor, reply: Reply, label: str, user: str = "U1") -> list[Reply]:
    command = next(b.command for b in reply.buttons if b.label == label)
    return mentor.handle(msg(command, user) if False else _click(command, user))


def _click(command: str, user: str) -> Incoming:
    base = msg(command, user)
    return Incoming(**{**base.__dict__, "is_click": True})


def test_every_answer_carries_its_id_and_a_click_is_stored_and_toggled(
    mentor: Mentor, memory_store: InMemoryStore
) -> None:
    [answer] = mentor.handle(msg("what is caching"))
    assert answer.feedback == 1
    [thanks] = mentor.handle(_click("vote up 1", "U1"))
    assert "helped" in plain_text(thanks)
    assert memory_store.feedback.votes[(1, "slack", "U1")][1] == 1
    [taken_back] = mentor.handle(_click("vote up 1", "U1"))  # the same click again toggles
    assert "taken back" in plain_text(taken_back)
    assert memory_store.feedback.votes[(1, "slack", "U1")][1] == 0
    mentor.handle(_click("vote up 1", "U1"))
    mentor.handle(_click("vote down 1", "U1"))  # the last vote counts
    assert memory_store.feedback.votes[(1, "slack", "U1")][1] == -1


def test_typed_good_and_bad_vote_on_the_answer_just_given(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [reply] = mentor.handle(msg("good"))  # no answer yet: small talk, not a vote
    assert memory_store.feedback.votes == {}
    assert reply.feedback is None or "helped" not in plain_text(reply)
    mentor.handle(msg("what is caching"))
    [asked] = mentor.handle(msg("bad"))
    assert "What was missing?" in plain_text(asked)
    [noted] = mentor.handle(msg("missing: how to pick a TTL"))
    assert "goes to the people who write my cards" in plain_text(noted)
    [(_, vote, note, _)] = memory_store.feedback.votes.values()
    assert (vote, note) == (-1, "how to pick a TTL")


def test_a_vote_on_an_answer_from_another_workspace_is_refused(mentor: Mentor, memory_store: InMemoryStore) -> None:
    mentor.handle(msg("what is caching"))
    other = Incoming("slack", "T2", "D9", "U9", "vote down 1", is_dm=True, is_click=True)
    [refused] = mentor.handle(other)
    assert "no longer on record" in plain_text(refused)
    assert memory_store.feedback.votes == {}


def test_follow_ups_continue_on_the_same_topic_for_30_minutes(mentor: Mentor, clock: FixedClock) -> None:
    [answer] = mentor.handle(msg(BISECT))
    assert answer.heading.startswith("Debugging")
    debugging = mentor.content.topic("debugging")
    assert debugging is not None
    headings = [mentor.handle(msg("more"))[0].heading for _ in range(len(debugging.faqs) + 2)]
    assert headings == [
        *(faq.question for faq in debugging.faqs),  # every FAQ entry once, in order
        "Common myths · Debugging",
        "That's all I have on Debugging",
    ]
    [example] = mentor.handle(msg("example"))
    assert example.heading == "Try this · Debugging"
    [why] = mentor.handle(msg("why?"))
    assert why.heading == "Why it matters · Debugging"
    [after] = mentor.handle(msg("what next?"))
    assert after.heading == "After Debugging, learn"
    [quiz] = mentor.handle(msg("quiz me"))
    assert quiz.heading.startswith("Quiz · Debugging")
    mentor.handle(msg("quiz stop"))
    clock.advance(minutes=31)
    [expired] = mentor.handle(msg("more"))
    assert not expired.heading.startswith("The bug only")  # context expired: answered afresh


def test_follow_ups_in_a_channel_need_the_answers_thread(mentor: Mentor) -> None:
    mentor.handle(msg(BISECT, dm=False, thread="171.1"))
    [in_thread] = mentor.handle(msg("example", dm=False, thread="171.1"))
    assert in_thread.heading == "Try this · Debugging"
    [elsewhere] = mentor.handle(msg("example", dm=False))  # the channel itself is another conversation
    assert elsewhere.heading != "Try this · Debugging"


def test_an_unrelated_question_starts_afresh(mentor: Mentor) -> None:
    mentor.handle(msg(BISECT))
    mentor.handle(msg("what is caching"))
    [why] = mentor.handle(msg("why?"))
    assert "Debugging" not in why.heading


def test_a_human_mentor_only_after_an_admin_names_a_channel_and_the_person_confirms(
    mentor: Mentor, memory_store: InMemoryStore
) -> None:
    [unsure] = mentor.handle(msg("how do I bake sourdough bread"))
    assert "Ask a human mentor" not in [b.label for b in unsure.buttons]
    [refused] = mentor.handle(msg("mentors channel #backend-help"))
    assert "admin" in plain_text(refused).lower()
    [on] = mentor.handle(msg("mentors channel <#C777|backend-help>", admin=True))
    assert "<#C777>" in plain_text(on)

    [unsure] = mentor.handle(msg("how do I bake sourdough bread"))
    [confirm] = click(mentor, unsure, "Ask a human mentor")
    assert "with your name and nothing else" in plain_text(confirm)
    assert memory_store.feedback.escalations == set()
    thanks, post = click(mentor, confirm, "Post it")
    assert "Posted in <#C777>" in plain_text(thanks)
    assert post.post_to is not None and post.post_to.channel == "C777" and not post.private
    assert "name-U1 asked: how do I bake sourdough bread" in plain_text(post)
    [again] = click(mentor, confirm, "Post it")  # a duplicate click posts nothing more
    assert "already" in plain_text(again) and again.post_to is None
    [not_yours] = click(mentor, confirm, "Post it", user="U2")
    assert "Only the person who asked" in plain_text(not_yours)


def test_a_down_vote_offers_a_human_mentor(mentor: Mentor) -> None:
    mentor.handle(msg("mentors channel <#C777|help>", admin=True))
    mentor.handle(msg("what is caching"))
    [down] = mentor.handle(_click("vote down 1", "U1"))
    assert "Ask a human mentor" in [b.label for b in down.buttons]


@pytest.mark.parametrize(
    "text",
    [
        "what is a good primary key for a big table",
        "bad gateway errors from nginx",
        "more replicas or a bigger instance?",
        "why is my query slow",
        "missing index on a foreign key",
        "next.js vs express for an api",
        "mentors who helped you grow: how did they do it?",
        "vote up 12 is that how reddit ranks posts",
        "escalate privileges in linux",
    ],
)
def test_feedback_words_do_not_capture_questions(text: str) -> None:
    assert isinstance(parse(text), Question)


def test_forget_me_clears_votes_notes_and_context(mentor: Mentor, memory_store: InMemoryStore) -> None:
    mentor.handle(msg("what is caching"))
    mentor.handle(msg("bad"))
    mentor.handle(msg("missing: eviction"))
    mentor.handle(msg("forget me confirm"))
    assert memory_store.feedback.votes == {} and memory_store.feedback.contexts == {}


def test_content_is_what_follow_ups_walk(content: Content) -> None:
    debugging = content.topic("debugging")
    assert debugging is not None and len(debugging.faqs) >= 2
