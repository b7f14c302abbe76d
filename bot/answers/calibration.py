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
    # Logistic confidence over the features of ``engine.features`` (same order), plus an intercept.
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # answer at or above this confidence, else "not sure"
    related_floor: float  # cosine below which a topic is not offered as related under "not sure"
    faq_floor: float  # cosine at or above which the closest FAQ entry answers the question
    fitted_on: str = ""


FITTED = Calibration(
    rrf_k=2.0,
    dense_weight=1.0,
    lexical_weight=1.0,
    lexical_share_weight=0.08,
    coefficients=(6.488, 7.962, 2.205, 3.046, -0.889, 3.022),
    intercept=-8.24,
    threshold=0.38,  # the most right answers while >= 90 % of the tuning half's out-of-scope messages stay unsure
    related_floor=0.387,  # 80 % of the tuning half's out-of-scope messages get no suggestions
    faq_floor=0.62,  # hand-set: the labels name topics, not FAQ entries, so there is nothing to fit it on
    fitted_on="blind_tune.yaml (topic labels, 263 cards, 971 FAQ entries)",
)
