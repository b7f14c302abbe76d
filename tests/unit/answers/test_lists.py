"""Lists of titles parse even when a title holds a comma."""

from __future__ import annotations

from bot.answers.compose import LIST_SEPARATOR
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.messages import plain_text


def learn_first(text: str) -> list[str]:
    [line] = [line for line in text.splitlines() if line.startswith("Learn first: ")]
    return line.removeprefix("Learn first: ").split(LIST_SEPARATOR)


def test_learn_first_splits_back_into_the_prerequisite_titles(answerer: MentorAnswerer, content: Content) -> None:
    text = plain_text(answerer.answer("what is idempotency").reply)
    assert learn_first(text) == ["HTTP: methods, status codes, headers", "Transactions and ACID"]


def test_every_card_lists_its_prerequisites_unambiguously(answerer: MentorAnswerer, content: Content) -> None:
    with_commas = [t for t in content.topics.values() if any("," in content.topics[p].title for p in t.prerequisites)]
    assert with_commas  # the case this is about exists in the content
    checked = 0
    for topic in with_commas[:15]:
        text = plain_text(answerer.answer(f"what is {topic.title}").reply)
        if f"\n{topic.title}\n" not in f"\n{text}\n":  # the question found a different card: not this test's concern
            continue
        assert learn_first(text) == [content.topics[p].title for p in topic.prerequisites]
        checked += 1
    assert checked >= 5


def test_a_career_step_lists_its_topics_with_the_same_separator(answerer: MentorAnswerer, content: Content) -> None:
    text = plain_text(answerer.answer("how do I become a senior engineer").reply)
    [line] = [line for line in text.splitlines() if line.startswith("Topics that mark the step: ")]
    titles = line.removeprefix("Topics that mark the step: ").removesuffix(".").split(LIST_SEPARATOR)
    assert len(titles) > 1
    assert set(titles) <= {t.title for t in content.topics.values()}
