import pytest

from bot.content import Content
from bot.plans import match_topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sql", "sql"),
        ("SQL", "sql"),
        ("git-basics", "git-basics"),
        ("Git basics", "git-basics"),
        ("k8s", "kubernetes"),
        ("postgress", "postgresql"),
        ("kubernets", "kubernetes"),
        ("idempotancy", "idempotency"),
        ("databse indexing", "indexing"),
        ("unit tests", "unit-testing"),
    ],
)
def test_ids_titles_aliases_and_typos_match(content: Content, text: str, expected: str) -> None:
    topic, suggestions = match_topic(content, text)
    assert topic is not None and topic.id == expected
    assert suggestions == []


def test_an_ambiguous_name_gives_suggestions_instead_of_a_guess(content: Content) -> None:
    topic, suggestions = match_topic(content, "sql injections and stuff")
    assert topic is None
    topic, suggestions = match_topic(content, "testing")
    assert topic is None
    assert 1 <= len(suggestions) <= 3


def test_nonsense_matches_nothing(content: Content) -> None:
    assert match_topic(content, "qwzx") == (None, [])
    assert match_topic(content, "") == (None, [])
    assert match_topic(content, "x" * 10_000) == (None, [])


def test_candidates_restrict_the_search(content: Content) -> None:
    topic, _ = match_topic(content, "kubernetes", ["docker", "containers"])
    assert topic is None
    topic, _ = match_topic(content, "dokcer", ["docker", "containers"])
    assert topic is not None and topic.id == "docker"
    assert match_topic(content, "docker", []) == (None, [])
