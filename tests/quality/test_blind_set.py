"""The blind dev set is frozen: its questions never change, and its two halves never mix."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

DATA = Path(__file__).parents[1] / "data"
FROZEN = {
    "blind_tune": "4db77fda50a5954d5d473f97ba76db9026e0bd46322167f636cabbff0e413328",
    "blind_eval": "fb40ecfd41d92c873c84a53ff0a6fb1d8ea977da3f53041f047357dda32f0fee",
}
AREAS_OR_OUT = {
    "languages", "frameworks", "databases", "apis", "security", "caching", "scalability", "distributed-systems",
    "testing", "devops", "observability", "version-control", "architecture", "career", "out_of_scope",
}  # fmt: skip


def questions(name: str) -> list[dict[str, object]]:
    return list(yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))["questions"])


def fingerprint(items: list[dict[str, object]]) -> str:
    """A hash of the questions and their areas only: topic labels may be revised, the questions may not."""
    frozen = [[item["q"], item["area"]] for item in items]
    return hashlib.sha256(json.dumps(frozen, ensure_ascii=False).encode()).hexdigest()


def test_the_blind_halves_are_frozen() -> None:
    for name, expected in FROZEN.items():
        assert fingerprint(questions(name)) == expected, f"{name} changed: the blind set is frozen"


def test_the_halves_are_disjoint_and_large_enough() -> None:
    tune, held_out = questions("blind_tune"), questions("blind_eval")
    assert not {q["q"] for q in tune} & {q["q"] for q in held_out}
    everything = tune + held_out
    assert {q["area"] for q in everything} <= AREAS_OR_OUT
    assert sum(q["area"] != "out_of_scope" for q in everything) >= 600
    assert sum(q["area"] == "out_of_scope" for q in everything) >= 60
