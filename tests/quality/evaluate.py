"""Scores the answerer on a labelled question set (tests/data/answers_*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answers.engine import MentorAnswerer

DATA = Path(__file__).parent.parent / "data"


@dataclass
class Score:
    questions: int = 0
    area_hits: int = 0
    topic_hits: int = 0
    confident: int = 0
    confident_right_area: int = 0
    out_of_scope: int = 0
    out_of_scope_unsure: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def area_accuracy(self) -> float:
        return self.area_hits / self.questions

    @property
    def topic_accuracy(self) -> float:
        return self.topic_hits / self.questions

    @property
    def unsure_rate(self) -> float:
        return self.out_of_scope_unsure / self.out_of_scope

    @property
    def confident_precision(self) -> float:
        return self.confident_right_area / self.confident if self.confident else 1.0

    def summary(self) -> str:
        return (
            f"area {self.area_accuracy:.1%}  topic {self.topic_accuracy:.1%}  "
            f"out-of-scope unsure {self.unsure_rate:.1%}  confident on right area {self.confident_precision:.1%}  "
            f"({self.questions} questions, {self.out_of_scope} out of scope)"
        )


def evaluate(answerer: MentorAnswerer, name: str) -> Score:
    data = yaml.safe_load((DATA / f"answers_{name}.yaml").read_text())
    score = Score()
    for item in data["questions"]:
        answer = answerer.answer(item["q"])
        score.questions += 1
        area = answer.topic.area if answer.topic else None
        topic = answer.topic.id if answer.topic else None
        score.area_hits += area == item["area"]
        score.topic_hits += topic == item["topic"]
        if answer.kind != "unsure":
            score.confident += 1
            score.confident_right_area += area == item["area"]
        if topic != item["topic"]:
            score.misses.append(f"{item['q']!r}: want {item['topic']}, got {answer.kind}/{topic} ({answer.confidence})")
    for item in data["out_of_scope"]:
        answer = answerer.answer(item["q"])
        score.out_of_scope += 1
        score.out_of_scope_unsure += answer.kind == "unsure"
        if answer.kind != "unsure":
            score.misses.append(f"OUT OF SCOPE {item['q']!r}: got {answer.topic.id if answer.topic else None}")
    return score


if __name__ == "__main__":
    import sys

    from adapters.bootstrap import default_content_dir
    from bot.content import load_content

    result = evaluate(MentorAnswerer(load_content(default_content_dir())), sys.argv[1] if len(sys.argv) > 1 else "tune")
    print("\n".join(result.misses))
    print(result.summary())
