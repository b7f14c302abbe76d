"""The fitted numbers of the hybrid ranker: how the two rankings are fused, and the confidence model.

Written by ``bench/fit_answers.py`` from a labelled tuning set (never from an evaluation set); edit by refitting.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Calibration:
    # Weighted reciprocal-rank fusion: score = w / (k + rank) summed over the lexical and dense rankings.
    rrf_k: float
    dense_weight: float
    lexical_weight: float
    # Logistic confidence over the features of ``engine.features`` (same order), plus an intercept.
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # answer at or above this confidence, else "not sure"
    related_floor: float  # cosine below which a topic is not offered as related under "not sure"
    faq_floor: float  # cosine at or above which the closest FAQ entry answers the question
    fitted_on: str = ""


FITTED = Calibration(
    rrf_k=10.0,
    dense_weight=1.3,
    lexical_weight=1.0,
    coefficients=(6.0, 8.0, 2.0, 1.0, 1.0, 1.0),
    intercept=-5.5,
    threshold=0.5,
    related_floor=0.3,
    faq_floor=0.62,
    fitted_on="hand-set starting values",
)
