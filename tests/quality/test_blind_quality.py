"""The hybrid answerer on the blind sets (written without seeing the cards): a guard against regressions.

The calibration was fitted on ``blind_tune`` only; ``blind_eval`` was never used to tune anything. The bars sit a
little under the figures measured when the set was labelled (bench/answers.py prints them), so a change that makes
answers worse fails here.
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
    assert result.topic_hits / result.labelled >= 0.82, result.misses
    assert result.in_scope_unsure / result.in_scope <= 0.09, result.misses
    assert result.out_unsure / result.out >= 0.80, result.misses
