from bot.mentor import Mentor
from bot.messages import Incoming, plain_text
from tests.fakes import FixedClock


def msg(user: str, text: str = "what is caching") -> Incoming:
    return Incoming("slack", "T1", "C1", user, text)


def test_a_flood_from_one_person_is_refused_politely_and_others_are_unaffected(
    mentor: Mentor, clock: FixedClock
) -> None:
    answers = [plain_text(mentor.handle(msg("U1"))[0]) for _ in range(25)]
    assert all("Caching" in a for a in answers[:20])
    assert all("faster than I can mentor" in a for a in answers[20:])
    assert "Caching" in plain_text(mentor.handle(msg("U2"))[0])  # someone else is served at once
    clock.advance(seconds=61)
    assert "Caching" in plain_text(mentor.handle(msg("U1"))[0])  # and the flooder again after a minute


def test_refused_messages_are_not_logged_as_questions(mentor: Mentor, memory_store) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        mentor.handle(msg("U1"))
    assert len(memory_store.questions.entries) == 20
