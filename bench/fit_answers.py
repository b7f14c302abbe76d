"""Fit the hybrid ranker's numbers on a labelled TUNING set and print them for ``bot/answers/calibration.py``.

Run by hand: `.venv/bin/python bench/fit_answers.py tests/data/blind_tune.yaml tests/data/answers_tune.yaml`.
Never pass an evaluation set. Fits, in order: the fusion (RRF k and the dense weight, by grid search on top-1
accuracy on the FIRST set only: the blind one, whose words are not the cards'); then, on all the sets together, two
logistic models over the features of ``engine.FEATURES``: the confidence (positive = the fused best topic is right)
and the scope (positive = the question is in scope); the scope threshold (as many out-of-scope messages unsure as
possible while at most SCOPE_BUDGET of in-scope questions are turned away on each set); the confidence threshold
(the most right answers while both gates together turn away at most UNSURE_BUDGET of in-scope questions on each
set); and the related-topic floor. The budgets sit under the 5 % goal: a set nobody tuned on turns away more.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.bootstrap import default_content_dir  # noqa: E402
from adapters.embeddings import hybrid_answerer  # noqa: E402
from bench.answer_eval import OUT, Item, load_set  # noqa: E402
from bot.answers.calibration import FITTED, Calibration  # noqa: E402
from bot.answers.engine import CANDIDATES, MentorAnswerer  # noqa: E402
from bot.answers.markup import question_part, strip_markup  # noqa: E402
from bot.content import load_content  # noqa: E402

SCOPE_BUDGET = 0.02
UNSURE_BUDGET = 0.035


def right(item: Item, topic_id: str, answerer: MentorAnswerer) -> bool:
    if item.topics:
        return topic_id in item.topics
    return answerer.content.topics[topic_id].area == item.area


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-regularised log loss."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ w)))
        gradient = design.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w[:-1], float(w[-1])


Row = tuple[Item, tuple[float, ...], str, float]  # the question, its features, the fused best topic, top cosine


class Fitter:
    """The tuning questions encoded and searched once; fusions tried on them without encoding again."""

    def __init__(self, sets: list[list[Item]]) -> None:
        self.set_of = np.array([n for n, loaded in enumerate(sets) for _ in loaded])
        self.answerer = hybrid_answerer(load_content(default_content_dir()), ROOT / ".bench-cache")
        dense = self.answerer.dense
        assert dense is not None
        self.prepared = []
        for item in (item for loaded in sets for item in loaded):
            text = strip_markup(item.q)
            focus = question_part(text)
            vector = dense.encode([text, focus] if focus else [text]).sum(axis=0)
            vector /= np.linalg.norm(vector)
            lexical = self.answerer.lexical(text)
            ordered = sorted(lexical.scores.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
            hits = dense.search(vector, CANDIDATES)
            self.prepared.append((item, lexical, ordered, hits, dense.off_topic_score(vector)))

    def run(self, cal: Calibration) -> list[Row]:
        self.answerer.calibration = cal
        out = []
        for item, lexical, ordered, hits, off_topic in self.prepared:
            ranking = self.answerer.fuse(lexical, ordered, hits, 5, off_topic)
            assert ranking.best is not None
            out.append((item, ranking.features, ranking.best.id, hits[0].score))
        return out

    def fusion(self) -> Calibration:
        """The fusion with the best top-1 accuracy on the first set's in-scope questions."""
        best = (-1.0, FITTED)
        grid = itertools.product((2, 5, 10, 20, 60), (0.5, 0.8, 1.0, 1.3, 1.6, 2.0, 3.0), (0, 0.01, 0.02, 0.04, 0.08))
        for k, weight, share in grid:
            cal = dataclasses.replace(
                FITTED, rrf_k=float(k), dense_weight=weight, lexical_weight=1.0, lexical_share_weight=share
            )
            rows = self.run(cal)
            first = [i.area != OUT and n == 0 for (i, *_), n in zip(rows, self.set_of, strict=True)]
            accuracy = np.mean([right(i, t, self.answerer) for (i, _, t, _), f in zip(rows, first, strict=True) if f])
            if accuracy > best[0]:
                best = (float(accuracy), cal)
        print(
            f"fusion: k={best[1].rrf_k} dense weight {best[1].dense_weight} share {best[1].lexical_share_weight}, "
            f"top-1 in-scope accuracy {best[0]:.1%} on the first set"
        )
        return best[1]

    def gates(self, fusion: Calibration, names: list[str]) -> Calibration:
        """The confidence and scope models and their thresholds, on every set."""
        rows = self.run(fusion)
        x = np.array([f for _, f, _, _ in rows])
        y = np.array([float(i.area != OUT and right(i, t, self.answerer)) for i, _, t, _ in rows])
        out = np.array([i.area == OUT for i, _, _, _ in rows])
        coefficients, intercept = fit_logistic(x, y)
        confidence = 1 / (1 + np.exp(-(x @ coefficients + intercept)))
        scope_coefficients, scope_intercept = fit_logistic(x, (~out).astype(float))
        scope = 1 / (1 + np.exp(-(x @ scope_coefficients + scope_intercept)))
        candidates = [float(t) for t in np.round(np.arange(0.05, 0.96, 0.01), 2)]

        def turned_away(answered: np.ndarray) -> float:
            """The largest share of in-scope questions left unsure on any one set."""
            return float(max(1 - answered[~out & (self.set_of == n)].mean() for n in range(len(names))))

        scope_threshold = max((t for t in candidates if turned_away(scope >= t) <= SCOPE_BUDGET), default=0.05)
        in_scope = scope >= scope_threshold
        threshold, chosen = 0.05, -1.0
        for candidate in candidates:  # ties go to the higher threshold: it turns away only wrong answers
            answered = in_scope & (confidence >= candidate)
            hits = float((answered & (y == 1))[~out].mean())
            if turned_away(answered) <= UNSURE_BUDGET and hits >= chosen:
                threshold, chosen = candidate, hits
        answered = in_scope & (confidence >= threshold)
        for n, name in enumerate(names):
            mine = self.set_of == n
            print(
                f"{name}: right answers {(answered & (y == 1))[~out & mine].mean():.1%}, in-scope unsure "
                f"{1 - answered[~out & mine].mean():.1%}, out-of-scope unsure {1 - answered[out & mine].mean():.1%}"
            )
        top_out = np.array([s for i, _, _, s in rows if i.area == OUT])
        return dataclasses.replace(
            fusion,
            coefficients=tuple(round(float(c), 3) for c in coefficients),
            intercept=round(intercept, 3),
            threshold=round(threshold, 2),
            scope_coefficients=tuple(round(float(c), 3) for c in scope_coefficients),
            scope_intercept=round(scope_intercept, 3),
            scope_threshold=round(scope_threshold, 2),
            related_floor=round(float(np.quantile(top_out, 0.8)), 3) if len(top_out) else FITTED.related_floor,
            fitted_on=" + ".join(names),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tuning_sets", type=Path, nargs="+")
    args = parser.parse_args()
    if any("eval" in path.name or "holdout" in path.name for path in args.tuning_sets):
        raise SystemExit("refusing to fit on an evaluation set")
    fitter = Fitter([load_set(path) for path in args.tuning_sets])
    fitted = fitter.gates(fitter.fusion(), [path.name for path in args.tuning_sets])
    print(f"FITTED = {fitted!r}")


if __name__ == "__main__":
    main()
