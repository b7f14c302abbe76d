"""The hybrid answerer on the blind sets (written without seeing the cards): a guard against regressions.

The calibration was fitted on the tuning sets only (``blind_tune``, ``answers_tune``); ``blind_eval`` was never used
to tune anything. The bars sit a little under the figures last measured on both halves (bench/answers.py prints
them; with the off-topic scope gate: topic 86.0 / 88.0 %, in-scope unsure 1.8 / 2.1 %, out-of-scope unsure
97.1 / 91.4 %), so a change that makes answers worse fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.answer_eval import engine_pick, load_set, score
from bot.answers.engine import MentorAnswerer

DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize("name", ["blind_tune", "blind_eval"])
def test_blind_questions_find_their_topic(answerer: MentorAnswerer, name: str) -> None:
    result = score("engine", load_set(DATA / f"{name}.yaml"), engine_pick(answerer))
    print(result.row())
    assert result.topic_hits / result.labelled >= 0.85, result.misses
    assert result.in_scope_unsure / result.in_scope <= 0.03, result.misses
    assert result.out_unsure / result.out >= 0.88, result.misses
