"""A quiz round as a person meets it: recall first, self-grades, true-or-false myths, duplicate clicks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.content import Content
from bot.grammar import Malformed, Question, parse
from bot.mentor import Mentor
from bot.messages import Incoming, Reply, plain_text
from bot.quiz.grammar import Quiz, Review, ReviewReminder
from tests.fakes import FixedClock, InMemoryStore

KEY = "console:local:u:U1"


def msg(text: str, user: str = "U1", *, dm: bool = True) -> Incoming:
    return Incoming(platform="console", workspace="local", channel="console", user=user, text=text, is_dm=dm)


def click(mentor: Mentor, reply: Reply, label: str) -> list[Reply]:
    button = next(b for b in reply.buttons if b.label == label)
    return mentor.handle(msg(button.command))


def test_a_round_asks_first_shows_the_answer_on_request_then_schedules_the_grade(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock
) -> None:
    [question] = mentor.handle(msg("quiz debugging"))
    assert question.heading == "Quiz · Debugging · 1 of 4"
    assert [b.label for b in question.buttons] == ["Show answer", "Skip", "Stop"]
    assert "failing test" in plain_text(question)
    assert "reproduced the real cause" not in plain_text(question)  # recall first: no answer yet

    [answer] = click(mentor, question, "Show answer")
    assert "reproduced the real cause" in plain_text(answer)
    assert [b.label for b in answer.buttons] == ["Again", "Hard", "Good", "Easy"]

    scheduled, following = click(mentor, answer, "Good")
    assert "Next review in 2 days" in plain_text(scheduled)
    assert following.heading == "Quiz · Debugging · 2 of 4"
    [state] = memory_store.quiz.states(KEY).values()
    assert state.due == clock.now() + timedelta(days=2)


def test_a_duplicate_click_grades_once(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [question] = mentor.handle(msg("quiz debugging"))
    [answer] = click(mentor, question, "Show answer")
    click(mentor, answer, "Good")
    [again] = click(mentor, answer, "Easy")  # the same message's button, clicked twice
    assert "no longer open" in plain_text(again)
    assert len(memory_store.quiz.log) == 1
    assert memory_store.quiz.log[0][2] == "good"


def test_misconceptions_come_as_true_or_false(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [reply] = mentor.handle(msg("quiz debugging"))
    for _ in range(3):  # the three checks come first
        [answer] = click(mentor, reply, "Show answer")
        _, reply = click(mentor, answer, "Hard")
    assert plain_text(reply).startswith("Quiz · Debugging · 4 of 4")
    assert "True or false? A debugger is the first tool" in plain_text(reply)
    verdict, summary = click(mentor, reply, "True")
    assert "Not quite: that is a myth." in plain_text(verdict)
    assert "Round over: 4 reviewed." in plain_text(summary)
    assert "Streak: 1 week" in plain_text(summary)
    assert [grade for *_, grade, _ in memory_store.quiz.log] == ["hard", "hard", "hard", "again"]


def test_skip_and_stop(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [question] = mentor.handle(msg("quiz debugging"))
    [second] = click(mentor, question, "Skip")
    assert second.heading == "Quiz · Debugging · 2 of 4"
    [summary] = click(mentor, second, "Stop")
    assert "Round over: 0 reviewed." in plain_text(summary)
    assert memory_store.quiz.sessions == {}
    [gone] = click(mentor, second, "Show answer")
    assert "no longer open" in plain_text(gone)


def test_an_area_quiz_and_an_unknown_topic(mentor: Mentor, content: Content) -> None:
    [reply] = mentor.handle(msg("quiz me on testing"))
    assert reply.heading.startswith("Quiz · ")
    card_title = reply.heading.removeprefix("Quiz · ").split(" · ")[0]
    assert card_title in {t.title for t in content.area_topics("testing") if t.checks}  # a card of the area
    [answer] = mentor.handle(msg("quiz zzqx unknown thing"))
    assert not answer.heading.startswith("Quiz")  # not a quiz target: answered as a question


def test_review_starts_with_due_items_and_plan_topics_enter_the_deck(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock
) -> None:
    [nothing] = mentor.handle(msg("review"))
    assert "Nothing is due" in plain_text(nothing)

    memory_store.plans.save(KEY, {"weeks": [{"topics": [{"id": "debugging"}]}]}, clock.now())
    memory_store.plans.mark(KEY, "debugging", "done", clock.now())
    [first] = mentor.handle(msg("review"))
    assert first.heading == "Quiz · Debugging · 1 of 4"


def test_reviewed_items_come_back_when_due(mentor: Mentor, clock: FixedClock) -> None:
    [question] = mentor.handle(msg("quiz debugging"))
    [answer] = click(mentor, question, "Show answer")
    click(mentor, answer, "Again")
    mentor.handle(msg("quiz stop"))
    [early] = mentor.handle(msg("review"))
    assert "Nothing is due" in plain_text(early) and "tomorrow" in plain_text(early)
    clock.advance(days=2)
    [due] = mentor.handle(msg("review"))
    assert due.heading == "Quiz · Debugging · 1 of 1"


def test_a_quiz_in_a_channel_is_private(mentor: Mentor) -> None:
    [reply] = mentor.handle(msg("quiz debugging", dm=False))
    assert reply.private


def test_review_reminders_keep_what_you_did_not_change(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [on] = mentor.handle(msg("review on mon 08:00 Europe/Berlin"))
    assert "mon at 08:00 Europe/Berlin" in plain_text(on)
    [changed] = mentor.handle(msg("review on thu"))
    assert "thu at 08:00 Europe/Berlin" in plain_text(changed)
    [bad] = mentor.handle(msg("review on mon 08:00 UTC+2"))
    assert "IANA" in plain_text(bad)
    [schedule] = memory_store.schedules.rows.values()
    assert schedule.kind == "review" and schedule.days == (3,)
    [off] = mentor.handle(msg("review off"))
    assert "off" in plain_text(off) and memory_store.schedules.rows == {}


@pytest.mark.parametrize(
    "text",
    [
        "review my schema design",
        "what is a quiz",
        "quiz questions for a junior backend interview?",
        "review on my pull request, what should I look for first?",
        "reviews of kafka vs rabbitmq",
        "code review best practices",
    ],
)
def test_quiz_words_do_not_capture_questions(text: str) -> None:
    assert isinstance(parse(text), Question)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quiz", Quiz()),
        ("Quiz me", Quiz()),
        ("quiz me on caching", Quiz("caching")),
        ("quiz redis", Quiz("redis")),
        ("review", Review()),
        ("review now", Review()),
        ("review off", ReviewReminder(on=False)),
    ],
)
def test_quiz_commands_parse(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "quiz " + "a" * 5000,
        "quiz <!channel> @everyone",
        "quiz grade good ../../etc/passwd",
        "quiz show debugging/c-00000000",
        "quiz tf maybe debugging/c-1",
        "quiz grade perfect debugging/c-1",
        "review on " + "mon " * 500,
        "review on 25:99",
        "quiz '; DROP TABLE quiz_items; --",
    ],
)
def test_hostile_quiz_input_gets_a_friendly_reply_and_stores_nothing(
    text: str, mentor: Mentor, memory_store: InMemoryStore
) -> None:
    replies = mentor.handle(msg(text))
    assert replies and all(plain_text(r) for r in replies)
    assert "went wrong" not in plain_text(replies[0])
    assert memory_store.quiz.log == []
    assert not isinstance(parse(text), Malformed) or "review on" in text


def test_forget_me_erases_quiz_state(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [question] = mentor.handle(msg("quiz debugging"))
    [answer] = click(mentor, question, "Show answer")
    click(mentor, answer, "Good")
    mentor.handle(msg("forget me confirm"))
    assert memory_store.quiz.states(KEY) == {} and memory_store.quiz.review_times(KEY) == []
    assert memory_store.quiz.session(KEY) is None


def test_the_round_continues_in_another_process(memory_store: InMemoryStore, clock: FixedClock, mentor: Mentor) -> None:
    """Web processes are stateless: a second Mentor over the same store continues the round."""
    [question] = mentor.handle(msg("quiz debugging"))
    other = Mentor(mentor.content, memory_store, clock, mentor.answerer)
    [answer] = other.handle(msg(next(b.command for b in question.buttons if b.label == "Show answer")))
    assert answer.heading == "Model answer"
