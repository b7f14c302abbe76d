"""Knowledge schema 2.0: FAQ entries, self-checks, typed sources, freshness, alias rules and team overlays."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from adapters.bootstrap import default_content_dir
from adapters.cli import main
from bot.content import Content, ContentError, load_content
from bot.content.checks import check_content, content_warnings
from bot.content.export import export_content

PACKAGED = default_content_dir()


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def new_topic(topic_id: str, **changes: object) -> dict[str, object]:
    return {
        "id": topic_id,
        "title": "Internal deploy runbook",
        "aliases": ["deploy runbook"],
        "level": "mid",
        "hours": 2,
        "prerequisites": ["ci-cd"],
        "summary": "How our team ships: the deploy runbook, who approves and how to roll back.",
        "why": "Every deploy follows the same steps, so nobody improvises during an incident.",
        "practice": "Shadow one deploy and write down each step of the deploy runbook you used.",
        "resources": [{"title": "Runbook", "url": "https://wiki.example.com/deploy", "kind": "docs"}],
        **changes,
    }


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    write(
        folder / "topics" / "devops.yaml",
        {
            "area": "devops",
            "topics": [
                new_topic("our-deploys"),
                {
                    "id": "docker",
                    "resources": [{"title": "Our base images", "url": "https://wiki.example.com/img", "kind": "docs"}],
                    "faqs": [
                        {
                            "id": "docker/which-base-image-here",
                            "question": "Which base image do we use?",
                            "answer": "Use the team's distroless base. It is patched weekly by the platform team.",
                        }
                    ],
                },
            ],
        },
    )
    return folder


def test_an_overlay_adds_topics_adds_faq_entries_and_overrides_fields(overlay: Path) -> None:
    packaged = load_content(PACKAGED)
    content = load_content(PACKAGED, [overlay])

    added = content.topic("our-deploys")
    assert added is not None and added.area == "devops" and added.layer == str(overlay)
    docker = content.topic("docker")
    base = packaged.topic("docker")
    assert docker is not None and base is not None
    assert docker.title == base.title and docker.summary == base.summary
    assert [r.title for r in docker.resources] == ["Our base images"]
    assert [f.id for f in docker.faqs] == [*(f.id for f in base.faqs), "docker/which-base-image-here"]
    assert docker.layer == str(overlay)
    assert check_content(content) == []
    assert len(content.topics) == len(packaged.topics) + 1


def test_problems_in_an_overlay_name_the_layer(overlay: Path) -> None:
    path = overlay / "topics" / "devops.yaml"
    data = yaml.safe_load(path.read_text())
    data["topics"][0]["faqs"] = [{"id": "docker/stolen-id", "question": "Q?", "answer": "One. Two."}]
    write(path, data)
    problems = check_content(load_content(PACKAGED, [overlay]))
    assert any("our-deploys" in p and str(overlay) in p and "must start with 'our-deploys/'" in p for p in problems)


def test_a_bad_overlay_field_fails_fast_naming_the_file(overlay: Path) -> None:
    write(overlay / "topics" / "devops.yaml", {"area": "devops", "topics": [new_topic("x-y", level="wizard")]})
    with pytest.raises(ContentError) as error:
        load_content(PACKAGED, [overlay])
    assert "devops.yaml" in str(error.value) and "topics[0].level" in str(error.value)


def test_a_missing_overlay_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="overlay folder not found"):
        load_content(PACKAGED, [tmp_path / "nope"])


def test_faq_answers_longer_than_600_characters_are_refused(overlay: Path) -> None:
    long_answer = "A sentence that goes on. " * 30
    faq = {"id": "our-deploys/too-long", "question": "Why?", "answer": long_answer}
    write(overlay / "topics" / "devops.yaml", {"area": "devops", "topics": [new_topic("our-deploys", faqs=[faq])]})
    with pytest.raises(
        ContentError, match=r"faqs\[0\] \(id=our-deploys/too-long\)\.answer: String should have at most 600"
    ):
        load_content(PACKAGED, [overlay])


def test_an_alias_the_card_never_explains_is_flagged_until_an_faq_explains_it(overlay: Path) -> None:
    write(
        overlay / "topics" / "devops.yaml",
        {"area": "devops", "topics": [new_topic("our-deploys", aliases=["deploy runbook", "blue green flip"])]},
    )
    warnings = content_warnings(load_content(PACKAGED, [overlay]), date(2026, 12, 1))
    assert any("our-deploys" in w and "'blue green flip'" in w for w in warnings)
    assert not any("our-deploys" in w and "'deploy runbook'" in w for w in warnings)

    faq = {
        "id": "our-deploys/blue-green-flip",
        "question": "What is the blue green flip?",
        "answer": "It is how we switch traffic between two identical stacks. The old one stays up for rollback.",
    }
    write(
        overlay / "topics" / "devops.yaml",
        {
            "area": "devops",
            "topics": [new_topic("our-deploys", aliases=["deploy runbook", "blue green flip"], faqs=[faq])],
        },
    )
    warnings = content_warnings(load_content(PACKAGED, [overlay]), date(2026, 12, 1))
    assert not any("'blue green flip'" in w for w in warnings)


def test_stale_verified_stamps_warn_after_18_months(overlay: Path) -> None:
    write(
        overlay / "topics" / "devops.yaml",
        {"area": "devops", "topics": [new_topic("our-deploys", verified="2025-01")]},
    )
    content = load_content(PACKAGED, [overlay])
    assert not any("verified 2025-01" in w for w in content_warnings(content, date(2026, 6, 1)))
    assert any("verified 2025-01" in w for w in content_warnings(content, date(2026, 12, 1)))


def test_resources_are_typed_and_need_https(overlay: Path) -> None:
    bad = {"title": "Wiki", "url": "http://wiki.example.com", "kind": "docs"}
    write(overlay / "topics" / "devops.yaml", {"area": "devops", "topics": [new_topic("our-deploys", resources=[bad])]})
    with pytest.raises(ContentError, match=r"resources\[0\]\.url"):
        load_content(PACKAGED, [overlay])


def test_the_export_carries_faqs_checks_misconceptions_sources_and_layer(content: Content) -> None:
    exported = export_content(content)
    debugging = next(t for t in exported["topics"] if t["id"] == "debugging")
    assert {"faqs", "checks", "misconceptions", "resources", "layer"} <= debugging.keys()
    faq = next(f for f in debugging["faqs"] if f["id"] == "debugging/which-commit-broke-the-build")
    assert set(faq) == {"id", "question", "answer"} and "bisect" in faq["answer"]
    assert all(set(c) == {"question", "answer"} for c in debugging["checks"])
    assert all(set(r) == {"title", "url", "kind"} for t in exported["topics"] for r in t["resources"])
    assert debugging["layer"] == "packaged"


def test_the_cli_validates_and_exports_the_merged_layers(
    overlay: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MENTOR_CONTENT_DIRS", str(overlay))
    assert main(["content", "check"]) == 0
    assert f"layers: {overlay}, packaged" in capsys.readouterr().out
    assert main(["content", "export", "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert next(t for t in exported["topics"] if t["id"] == "our-deploys")["layer"] == str(overlay)
