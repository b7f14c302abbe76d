import pytest

from bot.answers.compose import MAX_BUTTONS, MAX_TEXT, prerequisite_path, text_length, topic_reply
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.messages import plain_text


@pytest.mark.parametrize(
    ("question", "topic_id"),
    [
        ("postgress", "postgresql"),
        ("kubernets", "kubernetes"),
        ("idempotancy", "idempotency"),
        ("k8s", "kubernetes"),
        ("what's a mq", "message-queues"),
        ("WHAT IS CACHING???", "caching-basics"),
        ("explain the N+1 problem", "n-plus-one-problem"),
        ("SELECT ... FOR UPDATE vs SERIALIZABLE isolation?", "isolation-levels|optimistic-vs-pessimistic-locking"),
        ("monolith or microservices for a 4 person startup?", "monolith-vs-microservices"),  # the card on both
        ("process vs thread", "concurrency-models"),
        ("what is a bloom filter", "probabilistic-data-structures"),
    ],
)
def test_typos_abbreviations_case_and_code_fragments(answerer: MentorAnswerer, question: str, topic_id: str) -> None:
    answer = answerer.answer(question)
    assert answer.topic is not None
    assert answer.topic.id in topic_id.split("|")


def test_every_topic_card_fits_chat(content: Content) -> None:
    for topic in content.topics.values():
        reply = topic_reply(content, topic)
        assert text_length(reply) <= MAX_TEXT, topic.id
        assert len(reply.buttons) <= MAX_BUTTONS
        assert all(b.command.startswith("ask ") for b in reply.buttons)


def test_a_topic_answer_teaches_concept_before_tool(answerer: MentorAnswerer) -> None:
    answer = answerer.answer("what is redis")
    text = plain_text(answer.reply)
    assert answer.kind == "topic"
    assert "Learn first:" in text
    assert "Why it matters:" in text
    assert "Try this:" in text


def test_x_vs_y_is_a_side_by_side_comparison(answerer: MentorAnswerer) -> None:
    answer = answerer.answer("redis vs memcached")
    assert answer.kind == "compare"
    assert [s.topic.id for s in answer.topics] == ["redis", "memcached"]
    text = plain_text(answer.reply)
    assert "Redis" in text and "Memcached" in text


def test_difference_between_is_a_comparison(answerer: MentorAnswerer) -> None:
    answer = answerer.answer("what's the difference between kafka and rabbitmq?")
    assert answer.kind == "compare"
    assert {s.topic.id for s in answer.topics} == {"kafka", "rabbitmq"}


def test_what_to_learn_before_lists_prerequisites_in_dependency_order(
    answerer: MentorAnswerer, content: Content
) -> None:
    answer = answerer.answer("what should I learn before kubernetes?")
    assert answer.kind == "path"
    path = prerequisite_path(content, "kubernetes")
    position = {t.id: i for i, t in enumerate(path)}
    for topic in path:
        for prerequisite in topic.prerequisites:
            assert position[prerequisite] < position[topic.id]
    assert "containers" in position


@pytest.mark.parametrize(
    ("question", "heading_word"),
    [("how do I become a senior engineer?", "Senior"), ("what does a staff engineer do", "Staff")],
)
def test_career_questions_use_the_tracks(answerer: MentorAnswerer, question: str, heading_word: str) -> None:
    answer = answerer.answer(question)
    assert answer.kind == "career"
    assert heading_word in answer.reply.heading


@pytest.mark.parametrize("question", ["what's the weather in Paris", "write me a poem", "¯\\_(ツ)_/¯"])
def test_out_of_scope_questions_are_unsure(answerer: MentorAnswerer, question: str) -> None:
    answer = answerer.answer(question)
    assert (answer.kind, answer.topic) == ("unsure", None)
    words = any(ch.isalpha() and ch.isascii() for ch in question)
    assert answer.reason in ({"out_of_scope", "low_confidence"} if words else {"empty"})
    assert "not sure" in plain_text(answer.reply).lower()
    assert len(answer.reply.buttons) <= 3


@pytest.mark.parametrize("question", ["", "   ", "\t"])
def test_an_empty_question_is_unsure_because_it_is_empty(answerer: MentorAnswerer, question: str) -> None:
    answer = answerer.answer(question)
    assert (answer.kind, answer.topic, answer.reason) == ("unsure", None, "empty")
    assert "there was no question to answer" in plain_text(answer.reply)
    assert 1 <= len(answer.reply.buttons) <= 3


def test_long_interview_question_finds_the_topic(answerer: MentorAnswerer) -> None:
    question = (
        "We run a payments API. Clients sometimes time out and retry the same POST, and customers get charged twice. "
        "How would you make the endpoint safe to retry?"
    )
    answer = answerer.answer(question)
    assert answer.topic is not None
    assert answer.topic.id == "idempotency"


@pytest.mark.parametrize(
    ("question", "topic_id"),
    [("mutex vs semaphore?", "concurrency-models"), ("REST vs SOAP?", "rest"), ("How does HTTPS work?", "tls-https")],
)
def test_a_comparison_within_one_topic_or_with_an_unknown_side_answers_the_known_topic(
    answerer: MentorAnswerer, question: str, topic_id: str
) -> None:
    answer = answerer.answer(question)
    assert answer.kind == "topic"
    assert answer.topic is not None and answer.topic.id == topic_id
