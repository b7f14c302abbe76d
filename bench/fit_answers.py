"""Fit the hybrid ranker's numbers on a labelled TUNING set and print them for ``bot/answers/calibration.py``.

Run by hand: `.venv/bin/python bench/fit_answers.py tests/data/blind_tune.yaml`. Never pass an evaluation set.
Fits, in order: the fusion (RRF k and the dense weight, by grid search on top-1 accuracy), the logistic
confidence (features of ``engine.FEATURES``; positive = the fused best topic is right), the answer threshold
(most right answers while >= 90 % of out-of-scope messages stay unsure), and the related-topic floor.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tuning_set", type=Path)
    args = parser.parse_args()
    if "eval" in args.tuning_set.name or "holdout" in args.tuning_set.name:
        raise SystemExit("refusing to fit on an evaluation set")
    items = load_set(args.tuning_set)
    answerer = hybrid_answerer(load_content(default_content_dir()), ROOT / ".bench-cache")
    dense = answerer.dense
    assert dense is not None
    prepared = []
    for item in items:
        text = strip_markup(item.q)
        focus = question_part(text)
        vector = dense.encode([text, focus] if focus else [text]).sum(axis=0)
        vector /= np.linalg.norm(vector)
        lexical = answerer.lexical(text)
        ordered = sorted(lexical.scores.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        prepared.append((item, lexical, ordered, dense.search(vector, CANDIDATES)))

    def run(cal: Calibration) -> list[tuple[Item, tuple[float, ...], str, float]]:
        answerer.calibration = cal
        out = []
        for item, lexical, ordered, hits in prepared:
            ranking = answerer.fuse(lexical, ordered, hits, 5)
            assert ranking.best is not None
            out.append((item, ranking.features, ranking.best.id, hits[0].score))
        return out

    best = (-1.0, FITTED)
    grid = itertools.product((2, 5, 10, 20, 60), (0.5, 0.8, 1.0, 1.3, 1.6, 2.0, 3.0), (0.0, 0.01, 0.02, 0.04, 0.08))
    for k, weight, share in grid:
        cal = dataclasses.replace(
            FITTED, rrf_k=float(k), dense_weight=weight, lexical_weight=1.0, lexical_share_weight=share
        )
        rows = run(cal)
        accuracy = np.mean([right(i, t, answerer) for i, _, t, _ in rows if i.area != OUT])
        if accuracy > best[0]:
            best = (float(accuracy), cal)
    print(f"fusion: {best[1]} top-1 in-scope accuracy {best[0]:.1%}")
    rows = run(best[1])
    x = np.array([f for _, f, _, _ in rows])
    y = np.array([float(i.area != OUT and right(i, t, answerer)) for i, _, t, _ in rows])
    coefficients, intercept = fit_logistic(x, y)
    z = x @ coefficients + intercept
    confidence = 1 / (1 + np.exp(-z))
    out_mask = np.array([i.area == OUT for i, _, _, _ in rows])
    threshold, chosen = 0.5, -1.0
    for candidate in np.arange(0.05, 0.95, 0.01):
        answered = confidence >= candidate
        out_unsure = 1 - answered[out_mask].mean()
        hits = (answered & (y == 1))[~out_mask].mean()
        if out_unsure >= 0.9 and hits > chosen:
            threshold, chosen = float(candidate), float(hits)
    top_out = np.array([s for i, _, _, s in rows if i.area == OUT])
    related_floor = float(np.quantile(top_out, 0.8)) if len(top_out) else FITTED.related_floor
    fitted = dataclasses.replace(
        best[1],
        coefficients=tuple(round(float(c), 3) for c in coefficients),
        intercept=round(intercept, 3),
        threshold=round(threshold, 2),
        related_floor=round(related_floor, 3),
        fitted_on=args.tuning_set.name,
    )
    print(f"threshold {threshold:.2f}: right answers {chosen:.1%} of in-scope, out-of-scope unsure >= 90 %")
    print(f"FITTED = {fitted!r}")


if __name__ == "__main__":
    main()
