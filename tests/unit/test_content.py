import shutil
from pathlib import Path

import pytest
import yaml

from adapters.bootstrap import default_content_dir
from bot.content import AREAS, Content, ContentError, load_content
from bot.content.checks import check_content


def test_the_real_content_passes_every_check(content: Content) -> None:
    assert check_content(content) == []


def test_every_area_has_enough_topics(content: Content) -> None:
    for area in AREAS:
        assert len(content.area_topics(area)) >= 8, area


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def edit_topic(content_copy: Path, area: str, index: int, **changes: object) -> None:
    path = content_copy / "topics" / f"{area}.yaml"
    data = yaml.safe_load(path.read_text())
    data["topics"][index].update(changes)
    path.write_text(yaml.safe_dump(data))


def test_a_bad_field_fails_fast_naming_the_file_and_field(content_copy: Path) -> None:
    edit_topic(content_copy, "caching", 2, level="wizard")
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    message = str(error.value)
    assert "caching.yaml" in message
    assert "topics[2]" in message
    assert ".level" in message


def test_a_dangling_prerequisite_and_a_cycle_are_reported(content_copy: Path) -> None:
    edit_topic(content_copy, "caching", 0, prerequisites=["no-such-topic"])
    data = yaml.safe_load((content_copy / "topics" / "databases.yaml").read_text())
    ids = [t["id"] for t in data["topics"]]
    dependent = next(i for i, t in enumerate(data["topics"]) if set(t["prerequisites"]) & set(ids))
    needed = ids.index(next(p for p in data["topics"][dependent]["prerequisites"] if p in ids))
    edit_topic(content_copy, "databases", needed, prerequisites=[ids[dependent]])
    problems = check_content(load_content(content_copy))
    assert any("no-such-topic" in p for p in problems)
    assert any("prerequisite cycle" in p for p in problems)


def test_replaced_ids_still_resolve(content_copy: Path) -> None:
    (content_copy / "replaced.yaml").write_text("topics:\n  - old: redis-basics\n    new: redis\n")
    content = load_content(content_copy)
    assert check_content(content) == []
    found = content.topic("redis-basics")
    assert found is not None and found.id == "redis"
