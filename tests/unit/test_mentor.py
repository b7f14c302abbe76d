from bot.mentor import MAX_MESSAGE_CHARS, Mentor
from bot.messages import Incoming, plain_text
from tests.fakes import InMemoryStore


def msg(text: str, user: str = "U1") -> Incoming:
    return Incoming(platform="console", workspace="local", channel="console", user=user, text=text, is_dm=True)


def test_help_lists_the_commands_that_exist(mentor: Mentor) -> None:
    [reply] = mentor.handle(msg("help"))
    text = plain_text(reply)
    assert "ask <question>" in text
    assert "topics [area]" in text


def test_empty_and_control_only_messages_get_a_friendly_prompt(mentor: Mentor) -> None:
    for text in ["", "   ", "\x00\x01\x1b", "\u200b\u200d"]:
        [reply] = mentor.handle(msg(text))
        assert "help" in plain_text(reply)


def test_huge_message_is_refused_politely(mentor: Mentor, memory_store: InMemoryStore) -> None:
    [reply] = mentor.handle(msg("why " * MAX_MESSAGE_CHARS))
    assert "characters" in plain_text(reply)
    assert memory_store.questions.entries == []


def test_questions_are_logged_with_topic_and_confidence(mentor: Mentor, memory_store: InMemoryStore) -> None:
    mentor.handle(msg("what is database indexing", user="U42"))
    [entry] = memory_store.questions.entries
    assert entry.user == "U42"
    assert entry.topic_id == "indexing"
    assert entry.confidence > 0.5


def test_topics_lists_all_areas_with_counts(mentor: Mentor) -> None:
    [reply] = mentor.handle(msg("topics"))
    text = plain_text(reply)
    for area in ("databases", "distributed-systems", "career"):
        assert f"`{area}`" in text


def test_topics_of_an_area_are_buttons_that_ask_about_them(mentor: Mentor) -> None:
    [reply] = mentor.handle(msg("topics caching"))
    commands = [b.command for b in reply.buttons]
    assert "ask Redis" in commands


def test_an_unexpected_error_becomes_a_friendly_reply(mentor: Mentor) -> None:
    class Broken:
        def answer(self, question: str) -> None:
            raise RuntimeError("boom")

    mentor.answerer = Broken()  # type: ignore[assignment]
    [reply] = mentor.handle(msg("what is caching"))
    assert "went wrong" in plain_text(reply)
    assert "boom" not in plain_text(reply)
