"""The answerer on the labelled dev set: 'tune' was used for tuning, 'holdout' never was."""

import pytest

from bot.answers.engine import MentorAnswerer
from tests.quality.evaluate import evaluate


@pytest.mark.parametrize("half", ["tune", "holdout"])
def test_answer_quality_meets_the_bar(answerer: MentorAnswerer, half: str) -> None:
    score = evaluate(answerer, half)
    print(f"{half}: {score.summary()}")
    assert score.area_accuracy >= 0.90, score.misses
    assert score.topic_accuracy >= 0.80, score.misses
    assert score.unsure_rate >= 0.90, score.misses
    assert score.confident_precision >= 0.90, score.misses
