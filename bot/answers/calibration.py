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
    # Plus this times the topic's lexical score relative to the best one: ranks alone hide a decisive alias match.
    lexical_share_weight: float
    # Logistic confidence that the best topic is right, over the features of ``engine.features`` (same order).
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # answer at or above this confidence (and in scope), else "not sure"
    # Logistic scope: how likely the question is about backend engineering at all, over the same features.
    scope_coefficients: tuple[float, ...]
    scope_intercept: float
    scope_threshold: float  # below this the question is out of scope: "not sure", whatever the confidence
    related_floor: float  # cosine below which a topic is not offered as related under "not sure"
    faq_floor: float  # cosine at or above which the closest FAQ entry answers the question
    fitted_on: str = ""


FITTED = Calibration(
    rrf_k=5.0,
    dense_weight=0.8,
    lexical_weight=1.0,
    lexical_share_weight=0.08,
    coefficients=(-4.236, 6.259, 1.207, 1.168, 0.211, 3.226, 7.23),
    intercept=-3.187,
    threshold=0.12,  # the highest that loses no right answer on the tuning sets: the scope does most of the work
    scope_coefficients=(1.824, -7.21, 5.048, -3.606, -1.389, 6.293, 19.193),
    scope_intercept=-3.769,
    scope_threshold=0.73,  # the most out-of-scope messages unsure while <= 2 % of in-scope ones are turned away
    related_floor=0.367,  # 80 % of the tuning sets' out-of-scope messages get no suggestions
    faq_floor=0.62,  # hand-set: the labels name topics, not FAQ entries, so there is nothing to fit it on
    fitted_on="fusion: blind_tune.yaml; confidence, scope: + answers_tune.yaml (265 cards, 152 anchors)",
)
