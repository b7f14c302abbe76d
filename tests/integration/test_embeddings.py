"""The real encoder: the pinned model file, the tokenizer, the vector cache, and `mentor ask --json` with it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from adapters.cli import main
from adapters.embeddings import ModelError, OnnxEncoder, VectorCache
from adapters.embeddings.onnx import TOKENIZER_PATH
from adapters.embeddings.wordpiece import WordPiece
from bot.answers.engine import MentorAnswerer
from tests.fakes import FakeEncoder


def test_the_tokenizer_matches_the_reference_ids() -> None:
    """Ids produced by the `tokenizers` library for this tokenizer.json (checked on 7,447 texts when written)."""
    tokenizer = WordPiece.from_file(TOKENIZER_PATH)
    assert tokenizer.encode("What is caching?") == [101, 2054, 2003, 6187, 8450, 1029, 102]
    assert tokenizer.encode("Café naïve <!channel> k8s pods OOMKilled") == [
        101, 7668, 15743, 1026, 999, 3149, 1028, 1047, 2620, 2015, 26723, 1051, 5358, 15872, 2098, 102,
    ]  # fmt: skip
    assert tokenizer.encode("日本 🚀") == [101, 1864, 1876, 100, 102]
    assert len(tokenizer.encode("word " * 1000)) == tokenizer.max_tokens


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="expected 8199be6f"):
        OnnxEncoder(fake)
    with pytest.raises(ModelError, match="does not exist"):
        OnnxEncoder(tmp_path / "missing.onnx")


def test_similar_questions_are_closer_than_unrelated_ones(tmp_path: Path) -> None:
    encoder = OnnxEncoder(cache_dir=tmp_path)
    vectors = encoder.encode(["what is caching", "how do I cache expensive results", "the weather in paris"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2]
    again = OnnxEncoder(cache_dir=tmp_path)  # from the optimised copy written by the first
    assert np.allclose(again.encode(["what is caching"])[0], vectors[0], atol=1e-4)


def test_vectors_are_encoded_once_then_read_from_disk(tmp_path: Path) -> None:
    encoder = FakeEncoder()
    texts = ["redis", "postgres"]
    first = VectorCache(tmp_path).vectors(encoder, texts)
    second = VectorCache(tmp_path).vectors(encoder, texts)
    assert encoder.encoded == 2 and np.array_equal(first, second)
    VectorCache(tmp_path).vectors(encoder, [*texts, "kafka"])  # other content: encoded again
    assert encoder.encoded == 5


def test_the_hybrid_answerer_reads_chat_and_answers_honestly(answerer: MentorAnswerer) -> None:
    assert answerer.dense is not None
    caching = answerer.answer("<!channel> what is caching")
    assert caching.topic is not None and caching.topic.area == "caching"
    weather = answerer.answer("what's the weather like in paris tomorrow?")
    assert weather.kind == "unsure" and weather.reason == "out_of_scope"


@pytest.mark.parametrize(
    "message",
    [
        "my sourdough starter went flat after a week in the fridge",
        "how do I compute a confidence interval for my stats homework",
        "should I refinance my mortgage now that rates dropped",
    ],
)
def test_messages_about_something_else_are_out_of_scope(answerer: MentorAnswerer, message: str) -> None:
    answer = answerer.answer(message)
    assert (answer.kind, answer.reason) == ("unsure", "out_of_scope")


@pytest.mark.parametrize(
    ("message", "area"),
    [
        ("how do I cache API responses in redis", "caching"),
        ("our page loads slowly because every request hits postgres, what should we cache?", "caching"),
        ("how do I keep my docker images small", "devops"),
    ],
)
def test_backend_questions_with_everyday_words_are_answered(answerer: MentorAnswerer, message: str, area: str) -> None:
    answer = answerer.answer(message)
    assert answer.topic is not None and answer.topic.area == area, (answer.kind, answer.reason)


def test_mentor_ask_json_has_the_new_fields(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MENTOR_DATA_DIR", str(tmp_path))
    assert main(["ask", "--json", "docker or kubernetes, which first?"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["kind"] == "compare" and document["first"]
    assert {"question", "kind", "topic", "topics", "confidence", "text", "faq", "reason"} <= set(document)
    assert document["faq"] is None and document["reason"] is None
